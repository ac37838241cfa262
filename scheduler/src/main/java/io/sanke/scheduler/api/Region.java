package io.sanke.scheduler.api;

/**
 * An administrative region. Regions form a tree (province → city → county); figures
 * for a region include every school in it and in its descendants.
 *
 * @param parentId the enclosing region, or {@code null} for a province
 */
public record Region(String id, String name, RegionLevel level, String parentId) {
}
