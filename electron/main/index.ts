// The Electron main process, as a table of contents. Each step lives in its own module.
import { app } from 'electron';
import { setupEngineHeap } from './engine-heap';
import { registerIpcHandlers } from './ipc/register';
import { setupLifecycle, setupProcessGuards, setupSingleInstance } from './lifecycle';
import { setupUserDataPath } from './paths';
import { setupSecurity, setupSessionSecurity } from './security';
import { createServices, type Services } from './services';
import { createMainWindow } from './windows';

let runs: Services['runs'] | undefined;
setupProcessGuards(() => runs);
setupEngineHeap();
setupUserDataPath();
if (setupSingleInstance()) {
  setupSecurity();
  void app.whenReady().then(() => {
    const services = createServices();
    runs = services.runs;
    setupSessionSecurity(services.devServerUrl);
    registerIpcHandlers(services.deps, services.policy);
    const openWindow = () => createMainWindow(services);
    openWindow();
    setupLifecycle(services, openWindow);
  });
}
