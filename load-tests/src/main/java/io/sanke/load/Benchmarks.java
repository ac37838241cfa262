package io.sanke.load;

/** Entry point of {@code ./sanke bench NAME}: runs one named benchmark. */
public final class Benchmarks {
    private Benchmarks() {
    }

    public static void main(String[] args) {
        System.err.println("no benchmark named " + (args.length > 0 ? args[0] : "(none)"));
        System.exit(2);
    }
}
