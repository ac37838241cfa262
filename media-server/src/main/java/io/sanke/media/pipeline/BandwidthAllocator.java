package io.sanke.media.pipeline;

import java.util.List;

/**
 * Shares one transport's bandwidth estimate among the video consumers on it, in priority
 * order (the caller's list order: e.g. the master teacher first, then the dominant
 * speaker, then the rest). Every consumer that is not paused first gets its lowest active
 * layer; then, in priority order, each is raised as high as its preference allows and the
 * remaining budget pays for. Each selector is then given the bitrate of the layer it was
 * allocated as its estimate, so its own {@link LayerSelector#targetLayer()} lands on that
 * layer. Selectors whose layer bitrates are unknown get the whole estimate (nothing to
 * share by).
 *
 * <p>Wiring: call {@link #allocate} after every new estimate and every preference or
 * layer-bitrate change. Stateless.
 */
public final class BandwidthAllocator {
    private BandwidthAllocator() {
    }

    /** Returns the layer allocated to each selector (-1 for paused or without layers), in list order. */
    public static int[] allocate(long estimateBps, List<LayerSelector> byPriority) {
        int n = byPriority.size();
        int[] layer = new int[n];
        long budget = estimateBps;
        for (int i = 0; i < n; i++) {
            LayerSelector s = byPriority.get(i);
            layer[i] = -1;
            if (s.isPaused()) {
                continue;
            }
            for (int l = 0; l <= s.maxLayer(); l++) {
                if (s.isLayerActive(l)) {
                    layer[i] = l;
                    budget -= s.layerBitrate(l);
                    break;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            LayerSelector s = byPriority.get(i);
            if (layer[i] < 0) {
                continue;
            }
            for (int l = s.maxLayer(); l > layer[i]; l--) {
                long extra = s.layerBitrate(l) - s.layerBitrate(layer[i]);
                if (s.isLayerActive(l) && extra <= budget) {
                    budget -= extra;
                    layer[i] = l;
                    break;
                }
            }
        }
        for (int i = 0; i < n; i++) {
            LayerSelector s = byPriority.get(i);
            boolean known = layer[i] >= 0 && s.layerBitrate(layer[i]) > 0;
            s.setBandwidthEstimate(known ? s.layerBitrate(layer[i]) : estimateBps);
        }
        return layer;
    }
}
