// Kills a child (DynamoDB Local's JVM) when its parent dies, even by kill -9, which gives the
// parent no chance to clean up. Runs detached: node watchdog.mjs <parentPid> <childPid>.
const [parentPid, childPid] = process.argv.slice(2).map(Number);

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

setInterval(() => {
  if (!alive(childPid)) process.exit(0);
  if (alive(parentPid)) return;
  try {
    process.kill(childPid, 'SIGTERM');
    setTimeout(() => {
      if (alive(childPid)) process.kill(childPid, 'SIGKILL');
      process.exit(0);
    }, 3000);
  } catch {
    process.exit(0);
  }
}, 500);
