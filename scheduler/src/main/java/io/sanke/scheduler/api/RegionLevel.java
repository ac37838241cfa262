package io.sanke.scheduler.api;

/** Administrative level of a {@link Region}: province → city → county. */
public enum RegionLevel { PROVINCE, CITY, COUNTY }
