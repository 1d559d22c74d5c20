/**
 * The web app's entry point: mounts the app, opens the page's document early, and registers the service worker that
 * keeps the app usable offline once that document has arrived.
 */
// First: zod's settings, before any module builds a schema.
import './validation-settings.ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { installControlledInputs } from './controlled-inputs.ts';
import { registerOfflineWorker, warmOfflineCacheWhenControlled } from './offline.ts';
import { connectEarly } from './session/early-connection.ts';
import { requestSyncAccessEarly } from './session/early-sync-access.ts';
import './styles.css';

installControlledInputs();
warmOfflineCacheWhenControlled();
requestSyncAccessEarly(location.pathname);
registerOfflineWorker(connectEarly());

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
