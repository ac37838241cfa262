package io.sanke.scheduler.api;

/** Where a school sits: in a town or city, in a township seat, or in a village. */
public enum SchoolKind { URBAN, TOWNSHIP, VILLAGE }
