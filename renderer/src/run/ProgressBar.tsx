// The thin bar under a progress line (the run's header, the estimate): a progressbar for screen readers, drawn with a
// transform so an update costs no layout.
export function ProgressBar(props: { label: string; done: number; total: number; valueText?: string }) {
  const share = props.total > 0 ? props.done / props.total : 0;
  return (
    <div
      className="progress-bar"
      role="progressbar"
      aria-label={props.label}
      aria-valuemin={0}
      aria-valuemax={props.total}
      aria-valuenow={props.done}
      {...(props.valueText !== undefined ? { 'aria-valuetext': props.valueText } : {})}
    >
      <div style={{ transform: `scaleX(${share})` }} />
    </div>
  );
}
