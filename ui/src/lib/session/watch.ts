// Notices when the backend refuses a command because the session is locked or gone, so the frame
// can re-read session_view and show the lock or sign-in screen at once. The caller still gets the
// error and shows it as usual.
import { BackendError, type IBackend } from '../backend';
import type { Code } from '../generated/codes';

/** The refusals that mean the screen shows a session that no longer is. */
const SESSION_REFUSALS: readonly Code[] = ['session_locked', 'not_signed_in'];

/** `backend` with every command's `session_locked` or `not_signed_in` rejection also reported
 *  to `onRefused`; everything else passes through unchanged. */
export function watchRefusals(backend: IBackend, onRefused: (code: Code) => void): IBackend {
  return new Proxy(backend, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(target, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((e: unknown) => {
          if (e instanceof BackendError && SESSION_REFUSALS.includes(e.code)) onRefused(e.code);
          throw e;
        });
      };
    },
  });
}
