package io.sanke.scheduler.store;

import java.util.List;

/** One page of a listing: {@code {items, total, offset, limit}} on the wire. */
public record Page<T>(List<T> items, long total, int offset, int limit) {
    public Page {
        items = List.copyOf(items);
    }

    /** The page of a complete, already ordered list. */
    public static <T> Page<T> of(List<T> all, int offset, int limit) {
        int from = Math.min(offset, all.size());
        int to = Math.min(all.size(), from + limit);
        return new Page<>(all.subList(from, to), all.size(), offset, limit);
    }
}
