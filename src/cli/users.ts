import { userInfo } from 'node:os';
import type { Repository } from 'typeorm';
import { authConfig } from '../contrib/auth/config';
import { createSuperuser } from '../contrib/auth/management';
import { clearExpiredSessions } from '../contrib/sessions/app';
import { CommandError, oneLine, style } from './output';
import { requireDataSource, type Project } from './project';
import type { Prompter } from './prompt';

type UserLike = Record<string, unknown> & { setPassword(raw: string | null): Promise<void> };

interface UserStore {
  repository: Repository<UserLike>;
  usernameField: string;
  model: Function;
}

async function userStore(project: Project, command: string): Promise<UserStore> {
  const dataSource = requireDataSource(project, command);
  const model = authConfig(project.conf).userModel as Function & { usernameField?: string };
  if (!dataSource.hasMetadata(model)) {
    throw new CommandError(
      `${command} needs the user entity ${model.name} in the DataSource: add authApp to installedApps and its entities (User, Group, Permission) to new DataSource({ entities }).`,
    );
  }
  const runner = dataSource.createQueryRunner();
  try {
    const table = dataSource.getMetadata(model).tablePath;
    if (!(await runner.hasTable(table))) throw new CommandError(`The table ${table} does not exist yet: run makemigrations and migrate first.`);
  } finally {
    await runner.release();
  }
  return { repository: dataSource.getRepository(model) as Repository<UserLike>, usernameField: model.usernameField ?? 'username', model };
}

/** Problems with a password, as Django's default validators report them (length, numeric, common, similar to the user name). */
export function passwordProblems(password: string, username = ''): string[] {
  const problems: string[] = [];
  if (password.length < 8) problems.push('This password is too short. It must contain at least 8 characters.');
  if (/^\d+$/.test(password)) problems.push('This password is entirely numeric.');
  if (['password', 'password1', '12345678', '123456789', 'qwertyuiop', 'iloveyou', 'letmein1'].includes(password.toLowerCase())) {
    problems.push('This password is too common.');
  }
  const lower = password.toLowerCase();
  const name = username.toLowerCase();
  if (name.length >= 3 && (lower.includes(name) || name.includes(lower))) problems.push('The password is too similar to the username.');
  return problems;
}

function usernameProblem(username: string): string | null {
  if (username.length === 0) return 'This field cannot be blank.';
  if (username.length > 150) return 'Ensure this value has at most 150 characters.';
  if (!/^[\p{L}\p{N}_.@+-]+$/u.test(username)) return 'Enter a valid username. This value may contain only letters, numbers, and @/./+/-/_ characters.';
  return null;
}

/** The login name of whoever runs the command ('' when the system has none). */
function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

async function taken(store: UserStore, username: string): Promise<boolean> {
  return (await store.repository.countBy({ [store.usernameField]: username } as never)) > 0;
}

/** Options of `createsuperuser`. */
export interface CreateSuperuserOptions {
  username?: string;
  email?: string;
  /** false with `--no-input`: take everything from options and EGV_SUPERUSER_* variables, ask nothing. */
  input?: boolean;
}

async function askUsername(store: UserStore, prompter: Prompter, err: (t: string) => void): Promise<string> {
  let fallback: string | undefined = loginName().toLowerCase().replace(/[^\w.@+-]/g, '');
  if (!fallback || (await taken(store, fallback))) fallback = undefined;
  for (;;) {
    const answer = (await prompter.ask(fallback ? `Username (leave blank to use '${fallback}'): ` : 'Username: ')).trim();
    const username = answer || fallback || '';
    const problem = usernameProblem(username) ?? ((await taken(store, username)) ? 'That username is already taken.' : null);
    if (!problem) return username;
    err(`Error: ${problem}\n`);
  }
}

async function askPassword(prompter: Prompter, username: string, err: (t: string) => void): Promise<string> {
  for (;;) {
    const password = await prompter.secret('Password: ');
    const again = await prompter.secret('Password (again): ');
    if (password !== again) {
      err("Error: Your passwords didn't match.\n");
      continue;
    }
    if (password.trim() === '') {
      err("Error: Blank passwords aren't allowed.\n");
      continue;
    }
    const problems = passwordProblems(password, username);
    if (problems.length === 0) return password;
    for (const p of problems) err(`${p}\n`);
    const bypass = await prompter.ask('Bypass password validation and create user anyway? [y/N]: ');
    if (/^y(es)?$/i.test(bypass.trim())) return password;
  }
}

/**
 * `createsuperuser`: prompts for user name, email and password (twice), or with `--no-input`
 * takes `--username`/`--email` and EGV_SUPERUSER_USERNAME, EGV_SUPERUSER_EMAIL and
 * EGV_SUPERUSER_PASSWORD (no password: an unusable one, as Django).
 */
export async function createSuperuserCommand(
  project: Project,
  options: CreateSuperuserOptions,
  prompter: () => Prompter,
  out: (t: string) => void,
  err: (t: string) => void,
): Promise<number> {
  const store = await userStore(project, 'createsuperuser');
  const env = process.env;
  let username = options.username ?? (options.input === false ? env.EGV_SUPERUSER_USERNAME : undefined);
  let email = options.email ?? (options.input === false ? env.EGV_SUPERUSER_EMAIL : undefined);
  let password: string | null = null;
  if (username !== undefined) {
    const problem = usernameProblem(username) ?? ((await taken(store, username)) ? 'That username is already taken.' : null);
    if (problem) throw new CommandError(problem);
  }
  if (options.input === false) {
    if (username === undefined) throw new CommandError('With --no-input, give the user name: --username NAME or EGV_SUPERUSER_USERNAME.');
    password = env.EGV_SUPERUSER_PASSWORD ?? null;
  } else {
    const ask = prompter();
    try {
      username ??= await askUsername(store, ask, err);
      while (email === undefined) {
        const answer = (await ask.ask('Email address: ')).trim();
        if (answer === '' || /^[^@\s]+@[^@\s]+$/.test(answer)) email = answer;
        else err('Error: Enter a valid email address.\n');
      }
      password = await askPassword(ask, username, err);
    } finally {
      ask.close();
    }
  }
  if (email && !/^[^@\s]+@[^@\s]+$/.test(email)) throw new CommandError(`'${email}' is not a valid email address.`);
  try {
    await createSuperuser({ email: email ?? '', password, [store.usernameField]: username });
  } catch (error) {
    throw new CommandError(`Could not create the superuser: ${oneLine(error)}`, 1, { cause: error });
  }
  out(style.success('Superuser created successfully.') + '\n');
  return 0;
}

/** `changepassword [username]`: asks for the new password twice, up to three attempts (Django's). */
export async function changePasswordCommand(
  project: Project,
  username: string | undefined,
  prompter: () => Prompter,
  out: (t: string) => void,
  err: (t: string) => void,
): Promise<number> {
  const store = await userStore(project, 'changepassword');
  const name = username ?? loginName();
  if (!name) throw new CommandError('Give the user name: changepassword <username>.');
  const user = await store.repository.findOneBy({ [store.usernameField]: name } as never);
  if (!user) throw new CommandError(`user '${name}' does not exist`);
  out(`Changing password for user '${name}'\n`);
  const ask = prompter();
  try {
    for (let attempt = 1; attempt <= 3; attempt++) {
      const password = await ask.secret('Password: ');
      const again = await ask.secret('Password (again): ');
      const problems = password !== again ? ['Passwords do not match. Please try again.'] : passwordProblems(password, name);
      if (password === again && password === '') problems.unshift("Blank passwords aren't allowed.");
      if (problems.length === 0) {
        await user.setPassword(password);
        await store.repository.save(user);
        out(style.success(`Password changed successfully for user '${name}'`) + '\n');
        return 0;
      }
      for (const p of problems) err(`${p}\n`);
    }
  } finally {
    ask.close();
  }
  throw new CommandError(`Aborting password change for user '${name}' after 3 attempts`);
}

/** `clearsessions`: delete the expired sessions of the project's session store. */
export async function clearSessionsCommand(project: Project, out: (t: string) => void): Promise<number> {
  let removed: number;
  try {
    removed = await clearExpiredSessions(project.app);
  } catch (error) {
    throw new CommandError(`Could not clear sessions: ${oneLine(error)}`, 1, { cause: error });
  }
  out(`Removed ${removed} expired session${removed === 1 ? '' : 's'}.\n`);
  return 0;
}
