package io.sanke.load;

import java.util.Arrays;

/** Entry point of {@code ./sanke bench NAME}: runs one named benchmark. */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "(none)";
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (name) {
            case "scheduler" -> SchedulerBench.main(rest);
            case "sfu" -> runSfu(rest);
            case "first-frame" -> runFirstFrame(rest);
            case "join-storm" -> JoinStormBench.main(rest);
            case "idle-connections" -> IdleConnectionsBench.main(rest);
            default -> {
                System.err.println("no benchmark named " + name + "; known: scheduler, sfu, first-frame, join-storm, idle-connections");
                System.exit(2);
            }
        }
    }

    private static void runFirstFrame(String[] args) {
        try {
            FirstFrameBench.main(args);
        } catch (Exception e) {
            throw new IllegalStateException("first-frame benchmark failed", e);
        }
    }

    private static void runSfu(String[] args) {
        try {
            SfuForwardingBench.main(args);
        } catch (Exception e) {
            throw new IllegalStateException("sfu benchmark failed", e);
        }
    }
}
