package io.sanke.infra;

/** The all-in-one launcher: every part of Sanke in one process. */
public final class SankeServer {
    private SankeServer() {
    }

    public static void main(String[] args) {
        System.out.println("sanke-server: not wired yet");
    }
}
