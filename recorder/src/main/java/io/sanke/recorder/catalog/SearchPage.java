package io.sanke.recorder.catalog;

import io.sanke.recorder.api.Recording;

import java.util.List;

/** One page of search results, newest lesson first. */
public record SearchPage(List<Recording> items, int total, int offset, int limit) {
}
