package io.sanke.scheduler.csv;

/**
 * Parses coordinator CSV files (schools, classrooms, teachers, timetable entries):
 * UTF-8 with or without BOM, Chinese or English headers, all-or-nothing — a file
 * with one bad row yields no rows and every bad row with its line number and reason.
 */
public final class CsvImport {
}
