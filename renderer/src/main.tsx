import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ApiProvider } from './api';
import './styles.css';

const root = createRoot(document.getElementById('root')!);
const api = window.backfill;
root.render(
  <StrictMode>
    {api ? (
      <ApiProvider api={api}>
        <App />
      </ApiProvider>
    ) : (
      <main className="no-bridge">
        <h1>Mambu Backfill</h1>
        <p role="alert">
          This page must run inside the Mambu Backfill app: <code>window.backfill</code> is missing. Start it with <code>npm start</code>.
        </p>
      </main>
    )}
  </StrictMode>,
);
