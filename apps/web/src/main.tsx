/** The web app's entry point: mounts the app and registers the service worker that keeps it usable offline. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { warmOfflineCacheWhenControlled } from './offline.ts';
import { connectEarly } from './session/early-connection.ts';
import { requestSyncAccessEarly } from './session/early-sync-access.ts';
import './styles.css';

warmOfflineCacheWhenControlled();
requestSyncAccessEarly(location.pathname);
connectEarly();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
