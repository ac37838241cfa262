package io.sanke.recorder.http;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PlaylistRewriterTest {

    @Test
    @DisplayName("segments and init sections become presigned URLs, playlists stay relative, tags are kept")
    void rewritesMediaOnly() {
        String media = """
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-MAP:URI="init.mp4"
                #EXTINF:4.000,
                seg_00000.m4s
                #EXTINF:2.5,
                ../360p/seg_00001.m4s
                #EXT-X-ENDLIST
                """;
        String out = PlaylistRewriter.rewrite(media, "hls/720p/", p -> "https://s3/" + p + "?sig");
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-MAP:URI="https://s3/hls/720p/init.mp4?sig"
                #EXTINF:4.000,
                https://s3/hls/720p/seg_00000.m4s?sig
                #EXTINF:2.5,
                https://s3/hls/360p/seg_00001.m4s?sig
                #EXT-X-ENDLIST
                """, out);
        String master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=900000\n720p/index.m3u8\n";
        assertEquals(master, PlaylistRewriter.rewrite(master, "hls/", p -> "x"));
    }

    @Test
    @DisplayName("a playlist path that climbs above the media root is refused")
    void refusesEscapes() {
        assertThrows(IllegalArgumentException.class, () -> PlaylistRewriter.normalize("../../other/metadata.json"));
        assertThrows(IllegalArgumentException.class,
                () -> PlaylistRewriter.rewrite("#EXTM3U\n../../../x.ts\n", "hls/", p -> p));
        assertEquals("hls/360p/index.m3u8", PlaylistRewriter.normalize("hls/./720p/../360p/index.m3u8"));
    }
}
