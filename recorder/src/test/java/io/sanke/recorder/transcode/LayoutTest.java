package io.sanke.recorder.transcode;

import static org.junit.jupiter.api.Assertions.*;

import io.sanke.recorder.transcode.Layout.Scene;
import io.sanke.recorder.transcode.Layout.Tile;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LayoutTest {
  @Test
  @DisplayName("the teacher alone fills the canvas")
  void teacherAlone() {
    assertEquals(List.of(new Tile("t", 0, 0, 1280, 720)), Layout.place(new Scene("t", null, List.of(), List.of()), 1280, 720));
  }

  @Test
  @DisplayName("classrooms sit in a centred strip of 16:9 tiles in the bottom fifth")
  void strip() {
    List<Tile> tiles = Layout.place(new Scene("t", null, List.of(), List.of("a", "b")), 1280, 720);
    assertEquals(new Tile("t", 0, 0, 1280, 576), tiles.get(0));
    assertEquals(new Tile("a", 384, 576, 256, 144), tiles.get(1));
    assertEquals(new Tile("b", 640, 576, 256, 144), tiles.get(2));
  }

  @Test
  @DisplayName("courseware is large with the teacher and the stage stacked in a column at the right")
  void courseware() {
    List<Tile> tiles = Layout.place(new Scene("t", "cw", List.of("s"), List.of()), 1280, 720);
    assertEquals(new Tile("cw", 0, 0, 960, 720), tiles.get(0));
    assertEquals(new Tile("t", 960, 0, 320, 180), tiles.get(1));
    assertEquals(new Tile("s", 960, 180, 320, 180), tiles.get(2));
  }

  @Test
  @DisplayName("a classroom on stage shares the main area with the teacher")
  void stage() {
    List<Tile> tiles = Layout.place(new Scene("t", null, List.of("s"), List.of("a")), 1280, 720);
    assertEquals(new Tile("t", 0, 0, 640, 576), tiles.get(0));
    assertEquals(new Tile("s", 640, 0, 640, 576), tiles.get(1));
  }

  @Test
  @DisplayName("without a teacher the classrooms share the canvas")
  void noTeacher() {
    assertEquals(List.of(new Tile("a", 0, 0, 640, 360), new Tile("b", 640, 0, 640, 360), new Tile("c", 0, 360, 640, 360)),
        Layout.place(new Scene(null, null, List.of(), List.of("a", "b", "c")), 1280, 720));
  }

  @Test
  @DisplayName("a picture is letterboxed inside its tile on even coordinates")
  void fit() {
    assertEquals(new Tile("x", 0, 48, 640, 480), Layout.fit(new Tile("x", 0, 0, 640, 576), 640, 480));
    Tile odd = Layout.fit(new Tile("x", 0, 0, 321, 181), 1280, 720);
    assertEquals(0, odd.x() % 2 + odd.y() % 2 + odd.width() % 2 + odd.height() % 2);
  }
}
