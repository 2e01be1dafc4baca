// jsdom setup for component tests: jest-dom matchers and a clean DOM between tests.
import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
  // The app keeps the last form in localStorage; each test starts as a first start.
  localStorage.clear();
});

// jsdom does no layout, so every element measures 0×0 and a virtualised list would show no rows. Give the chunk
// table's scroll box the size its CSS gives it in the app (480 px high); everything else keeps jsdom's 0.
const clientHeight = Object.getOwnPropertyDescriptor(Element.prototype, 'clientHeight')!;
const clientWidth = Object.getOwnPropertyDescriptor(Element.prototype, 'clientWidth')!;
Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
  configurable: true,
  get(this: HTMLElement) {
    return this.dataset.testid === 'chunk-scroll' ? 480 : clientHeight.get!.call(this);
  },
});
Object.defineProperty(HTMLElement.prototype, 'clientWidth', {
  configurable: true,
  get(this: HTMLElement) {
    return this.dataset.testid === 'chunk-scroll' ? 960 : clientWidth.get!.call(this);
  },
});

// jsdom has no canvas (it logs "not implemented"): the strip and chart draw nothing there and are checked in
// Chromium (test/e2e); their layout maths is tested directly.
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as HTMLCanvasElement['getContext'];
