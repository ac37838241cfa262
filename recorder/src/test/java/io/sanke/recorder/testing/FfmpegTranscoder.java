package io.sanke.recorder.testing;

import io.sanke.recorder.jobs.Transcoder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * A {@link Transcoder} on the FFmpeg command line, reading the {@code .mp4} clips of a
 * capture directory (the reference the JavaCV transcoder
 * is measured against): three H.264/AAC HLS renditions (360p, 240p, 144p), a master
 * playlist, a poster. {@code realtime} reads the input at its native rate ({@code -re}),
 * so a test can stop a worker in the middle of a transcode. Reports progress from
 * {@code -progress}.
 */
public final class FfmpegTranscoder implements Transcoder {
    record Rung(String name, int width, int height, int kbps) {
    }

    static final List<Rung> LADDER = List.of(new Rung("360p", 640, 360, 800), new Rung("240p", 426, 240, 400),
            new Rung("144p", 256, 144, 200));

    private final boolean realtime;

    public FfmpegTranscoder(boolean realtime) {
        this.realtime = realtime;
    }

    @Override
    public Result transcode(Path captureDir, Path out, DoubleConsumer progress) throws IOException {
        Ffmpeg.require();
        Files.createDirectories(out);
        List<Path> inputs;
        try (var files = Files.walk(captureDir)) {
            inputs = files.filter(f -> f.toString().endsWith(".mp4")).sorted().toList();
        }
        if (inputs.isEmpty()) {
            throw new IOException("no clip in " + captureDir);
        }
        Path input = inputs.getFirst();
        if (inputs.size() > 1) {
            input = out.resolveSibling("concat.txt");
            StringBuilder list = new StringBuilder();
            for (Path p : inputs) {
                list.append("file '").append(p.toAbsolutePath().toString().replace("'", "'\\''")).append("'\n");
            }
            Files.writeString(input, list);
        }
        double total = inputs.stream().mapToDouble(p -> Ffmpeg.duration(p.toString())).sum();
        List<String> cmd = new ArrayList<>(List.of(Ffmpeg.FFMPEG.toString(), "-hide_banner", "-loglevel", "error", "-y"));
        if (realtime) {
            cmd.add("-re");
        }
        if (inputs.size() > 1) {
            cmd.addAll(List.of("-f", "concat", "-safe", "0"));
        }
        cmd.addAll(List.of("-i", input.toString(), "-filter_complex",
                "[0:v]split=3[a][b][c];[a]scale=640:360[o0];[b]scale=426:240[o1];[c]scale=256:144[o2]"));
        for (int i = 0; i < LADDER.size(); i++) {
            Rung r = LADDER.get(i);
            Files.createDirectories(out.resolve(r.name()));
            cmd.addAll(List.of("-map", "[o" + i + "]", "-map", "0:a?", "-c:v", "libx264", "-preset", "veryfast",
                    "-b:v", r.kbps() + "k", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-pix_fmt", "yuv420p",
                    "-c:a", "aac", "-b:a", "64k", "-f", "hls", "-hls_time", "2", "-hls_playlist_type", "vod",
                    "-hls_segment_filename", out.resolve(r.name()).resolve("seg-%05d.ts").toString(),
                    out.resolve(r.name()).resolve("index.m3u8").toString()));
        }
        cmd.addAll(List.of("-progress", "pipe:1", "-nostats"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("out_time_us=") && total > 0) {
                    try {
                        double t = Long.parseLong(line.substring(12).strip()) / 1e6;
                        progress.accept(Math.max(0, Math.min(1, t / total)));
                    } catch (NumberFormatException ignored) {
                        // "N/A" at the start
                    }
                } else if (!line.contains("=")) {
                    log.append(line).append('\n');
                }
            }
        }
        try {
            if (p.waitFor() != 0) {
                throw new IOException("ffmpeg failed (" + p.exitValue() + "): " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Ffmpeg.run(List.of(Ffmpeg.FFMPEG.toString(), "-hide_banner", "-loglevel", "error", "-y", "-ss", "1",
                "-i", out.resolve(LADDER.getFirst().name()).resolve("index.m3u8").toString(), "-frames:v", "1",
                out.resolve("poster.jpg").toString()));
        StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:3\n");
        List<Output> outputs = new ArrayList<>();
        for (Rung r : LADDER) {
            long bandwidth = (r.kbps() + 64) * 1100L;
            master.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(bandwidth).append(",RESOLUTION=")
                    .append(r.width()).append('x').append(r.height()).append(",CODECS=\"avc1.64001f,mp4a.40.2\"\n")
                    .append(r.name()).append("/index.m3u8\n");
            outputs.add(new Output(r.name(), r.width(), r.height(), bandwidth, r.name() + "/index.m3u8"));
        }
        Files.writeString(out.resolve("master.m3u8"), master);
        progress.accept(1.0);
        return new Result(Duration.ofMillis(Math.round(total * 1000)), "master.m3u8", outputs, null, "poster.jpg");
    }
}
