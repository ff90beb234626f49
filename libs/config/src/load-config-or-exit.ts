import { AppConfig } from './app-config';
import { ConfigError } from './config-error';

/** EX_CONFIG from sysexits.h: the process was started with a bad configuration. */
export const EXIT_CONFIG_ERROR = 78;

/** For a process's main(): the configuration, or a message naming each bad variable and exit. */
export function loadConfigOrExit(): AppConfig {
  try {
    return AppConfig.fromEnv();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(EXIT_CONFIG_ERROR);
    }
    throw error;
  }
}
