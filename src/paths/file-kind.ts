import { constants } from 'node:fs';

/** What a file is, for messages, from the mode `stat`, `lstat` or `fstat` gives (e.g. `a FIFO (named pipe)`, `a regular file`). */
export function fileKind(mode: number): string {
  const type = mode & constants.S_IFMT;
  if (type === constants.S_IFREG) return 'a regular file';
  if (type === constants.S_IFIFO) return 'a FIFO (named pipe)';
  if (type === constants.S_IFCHR) return 'a character device';
  if (type === constants.S_IFBLK) return 'a block device';
  if (type === constants.S_IFSOCK) return 'a socket';
  if (type === constants.S_IFDIR) return 'a folder';
  if (type === constants.S_IFLNK) return 'a symbolic link';
  return 'a file of an unknown kind';
}
