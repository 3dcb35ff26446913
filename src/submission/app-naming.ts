/** How a lab names the learner's repository: for finding it among others and for the commands hints show. */
export interface AppNaming {
  /** The repository folder's name (e.g. `tasks-app`); an archive's repository of this name is preferred to others. */
  readonly repo: string;
  /** Where the course keeps it, as example commands write it (e.g. `~/course/tasks-app`). @default `repo` */
  readonly repoPath?: string;
  /** The app's entry file at the repository's top (e.g. `cli.py`), used to tell the app's folder from an enclosing one. @default none */
  readonly appEntry?: string;
}

/** The naming used when no lab is given: a plain `app` folder, no entry file. */
export const UNNAMED_APP: AppNaming = { repo: 'app' };
