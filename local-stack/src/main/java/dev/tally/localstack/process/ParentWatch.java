package dev.tally.localstack.process;

/** Lets a child process end itself when the process that started it dies, so that nothing is left orphaned. */
public final class ParentWatch {

    private ParentWatch() {
    }

    /**
     * Exits this JVM (running its shutdown hooks) as soon as the process {@code parentPid} is gone; exits at once
     * if it is already gone.
     */
    public static void exitWhenGone(long parentPid) {
        ProcessHandle.of(parentPid).ifPresentOrElse(
                parent -> parent.onExit().thenRun(() -> exit(parentPid)),
                () -> exit(parentPid));
    }

    private static void exit(long parentPid) {
        System.err.println("Parent process " + parentPid + " is gone; exiting");
        // System.exit blocks until the shutdown hooks finish, so it must not run on the thread that noticed the exit.
        Thread exiter = new Thread(() -> System.exit(0), "parent-gone-exit");
        exiter.start();
    }
}
