/** The framework serving itself: `app.listen()` (createApp's listen bypasses Express's router). SCENARIO picks the app. */
import { announceCursorPath, benchApp } from './framework';
import { announce, fail } from './serve';

const app = benchApp();
app
  .ready()
  .then(() => announceCursorPath(app))
  .then(() => announce((port, host, ready) => app.listen(port, host, ready)))
  .catch(fail);
