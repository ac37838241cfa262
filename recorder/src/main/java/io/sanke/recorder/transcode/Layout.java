package io.sanke.recorder.transcode;

import java.util.ArrayList;
import java.util.List;

/**
 * Places the lesson's videos on the composite canvas. Pure arithmetic, no pixels:
 * <pre>
 *  no courseware, nobody on stage   courseware shared              a classroom on stage
 *  ┌───────────────────────┐        ┌─────────────────┬─────┐      ┌───────────┬───────────┐
 *  │                       │        │                 │teach│      │           │           │
 *  │        teacher        │        │   courseware    ├─────┤      │  teacher  │ on stage  │
 *  │                       │        │                 │stage│      │           │           │
 *  ├───┬───┬───┬───────────┤        ├───┬───┬───┬─────┴─────┤      ├───┬───┬───┴───────────┤
 *  │c1 │c2 │c3 │  strip    │        │c1 │c2 │c3 │           │      │c1 │c3 │               │
 *  └───┴───┴───┴───────────┘        └───┴───┴───┴───────────┘      └───┴───┴───────────────┘
 * </pre>
 * The strip holds the classrooms not on stage (16:9 tiles, one fifth of the height,
 * centred). Every box has even coordinates and sizes (4:2:0 chroma).
 */
final class Layout {
  /** A box of the canvas for one track. */
  record Tile(String trackId, int x, int y, int width, int height) {}

  /** What is on screen now. */
  record Scene(String teacher, String courseware, List<String> stage, List<String> strip) {}

  private Layout() {}

  static List<Tile> place(Scene s, int w, int h) {
    List<Tile> tiles = new ArrayList<>();
    int stripH = s.strip().isEmpty() ? 0 : even(h / 5);
    int mainH = h - stripH;
    List<String> side = new ArrayList<>();
    String big;
    if (s.courseware() != null) {
      big = s.courseware();
      if (s.teacher() != null) {
        side.add(s.teacher());
      }
      side.addAll(s.stage());
    } else if (s.teacher() != null) {
      big = s.teacher();
      side.addAll(s.stage());
    } else if (!s.stage().isEmpty()) {
      big = s.stage().getFirst();
      side.addAll(s.stage().subList(1, s.stage().size()));
    } else {
      big = null;
    }
    if (big != null) {
      if (side.isEmpty()) {
        tiles.add(new Tile(big, 0, 0, w, mainH));
      } else if (s.courseware() != null) {
        int colW = even(w / 4);
        tiles.add(new Tile(big, 0, 0, w - colW, mainH));
        int each = even(Math.min(mainH / side.size(), colW * 9 / 16)); // stacked from the top
        for (int i = 0; i < side.size(); i++) {
          tiles.add(new Tile(side.get(i), w - colW, i * each, colW, each));
        }
      } else {
        int n = side.size() + 1;
        int each = even(w / n);
        tiles.add(new Tile(big, 0, 0, each, mainH));
        for (int i = 0; i < side.size(); i++) {
          tiles.add(new Tile(side.get(i), (i + 1) * each, 0, each, mainH));
        }
      }
    } else if (!s.strip().isEmpty()) {
      // nobody to show large: the classrooms share the whole canvas
      return grid(s.strip(), w, h);
    }
    if (stripH > 0) {
      int n = s.strip().size();
      int tileW = even(Math.min(w / n, stripH * 16 / 9));
      int x0 = even((w - tileW * n) / 2);
      for (int i = 0; i < n; i++) {
        tiles.add(new Tile(s.strip().get(i), x0 + i * tileW, mainH, tileW, stripH));
      }
    }
    return tiles;
  }

  private static List<Tile> grid(List<String> ids, int w, int h) {
    int n = ids.size();
    int cols = (int) Math.ceil(Math.sqrt(n));
    int rows = (int) Math.ceil(n / (double) cols);
    int tw = even(w / cols);
    int th = even(h / rows);
    List<Tile> tiles = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      tiles.add(new Tile(ids.get(i), (i % cols) * tw, (i / cols) * th, tw, th));
    }
    return tiles;
  }

  /** The largest box of the source's aspect ratio centred in the tile (letterbox). */
  static Tile fit(Tile t, int srcW, int srcH) {
    int w = t.width();
    int h = (int) ((long) w * srcH / srcW);
    if (h > t.height()) {
      h = t.height();
      w = (int) ((long) h * srcW / srcH);
    }
    w = Math.max(2, even(w));
    h = Math.max(2, even(h));
    return new Tile(t.trackId(), t.x() + even((t.width() - w) / 2), t.y() + even((t.height() - h) / 2), w, h);
  }

  static int even(int v) {
    return v & ~1;
  }
}
