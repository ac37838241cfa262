package io.sanke.recorder.transcode;

import static org.junit.jupiter.api.Assertions.*;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TranscodeSettingsTest {
  @Test
  @DisplayName("reference.conf gives the documented defaults")
  void referenceConfIsTheDefault() {
    assertEquals(TranscodeSettings.defaults(), TranscodeSettings.from(ConfigFactory.load()));
  }

  @Test
  @DisplayName("a bad value is refused with its key in the message")
  void badValuesNameTheirKey() {
    TranscodeException e = assertThrows(TranscodeException.class, () -> TranscodeSettings.from(ConfigFactory
        .parseString("sanke.recorder.transcode.video-encoder = \"libx265\"").withFallback(ConfigFactory.load())));
    assertEquals(TranscodeException.BAD_SETTINGS, e.code());
    assertTrue(e.getMessage().contains("sanke.recorder.transcode.video-encoder"), e.getMessage());
    TranscodeException unit = assertThrows(TranscodeException.class, () -> TranscodeSettings.from(ConfigFactory
        .parseString("sanke.recorder.transcode.mp4-video-bitrate = 2500").withFallback(ConfigFactory.load())));
    assertTrue(unit.getMessage().contains("kbps"), unit.getMessage());
    assertThrows(TranscodeException.class, () -> new Rendition("720p", 1281, 720, 2500, 128));
    assertThrows(TranscodeException.class, () -> TranscodeSettings.defaults().withSize(1280, 720,
        List.of(new Rendition("a", 640, 360, 800, 96), new Rendition("a", 320, 180, 250, 64))));
    assertThrows(TranscodeException.class, () -> new TranscodeSettings(1280, 720, 25, "libx264", "veryfast", 2500, 128,
        Duration.ofSeconds(4), Duration.ofSeconds(2), TranscodeSettings.defaults().renditions(), Duration.ofSeconds(10),
        160, 0), "HLS segments shorter than the GOP");
  }
}
