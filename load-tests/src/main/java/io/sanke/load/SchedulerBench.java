package io.sanke.load;

import io.sanke.scheduler.api.Conflict;
import io.sanke.scheduler.api.ConflictKind;
import io.sanke.scheduler.api.Plan;
import io.sanke.scheduler.api.TimetableEntry;
import io.sanke.scheduler.coverage.CoverageCalculator;
import io.sanke.scheduler.coverage.CoverageReport;
import io.sanke.scheduler.coverage.CoveragePeriod;
import io.sanke.scheduler.coverage.Scope;
import io.sanke.scheduler.rules.ConflictChecker;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code ./sanke bench scheduler [--seed=N] [--warmup=N] [--iterations=N] [--small]}:
 * generates a province-scale plan ({@link ProvinceDataset}: 10,000 teaching points,
 * 2,000 master classrooms, 3,000 pairings, a 20-week term of 35 periods a week) and
 * times, after a warm-up, the full-term conflict check, an edit check
 * ({@code introducedBy}: one entry moved) and the province coverage report over the
 * term. Prints the median and max of each, the peak heap of each phase (heap pools'
 * peak after an explicit GC and a peak reset before the phase), the dataset sizes,
 * the targets (conflict check &lt; 2 s, coverage &lt; 1 s) beside the figures, and ends
 * with one line of JSON.
 */
public final class SchedulerBench {
    static final double CONFLICT_TARGET_MS = 2_000;
    static final double COVERAGE_TARGET_MS = 1_000;

    private SchedulerBench() {
    }

    public static void main(String[] args) {
        long seed = 20261121L;
        int warmup = 10;
        int iterations = 7;
        ProvinceDataset.Sizes sizes = ProvinceDataset.Sizes.province();
        for (String arg : args) {
            if (arg.startsWith("--seed=")) {
                seed = Long.parseLong(arg.substring(7));
            } else if (arg.startsWith("--warmup=")) {
                warmup = positive(arg, 0);
            } else if (arg.startsWith("--iterations=")) {
                iterations = positive(arg, 1);
            } else if (arg.equals("--small")) {
                sizes = ProvinceDataset.Sizes.small();
            } else {
                System.err.println("usage: ./sanke bench scheduler [--seed=N] [--warmup=N] [--iterations=N] [--small]");
                System.exit(2);
            }
        }
        run(seed, sizes, warmup, iterations);
    }

    private static int positive(String arg, int min) {
        int value = Integer.parseInt(arg.substring(arg.indexOf('=') + 1));
        if (value < min) {
            throw new IllegalArgumentException(arg + ": must be at least " + min);
        }
        return value;
    }

    private static void run(long seed, ProvinceDataset.Sizes sizes, int warmup, int iterations) {
        System.out.printf(Locale.ROOT, "scheduler benchmark: seed %d, %d warm-up + %d measured iterations, %d cores, JDK %s%n",
                seed, warmup, iterations, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));

        long heapBefore = usedAfterGc();
        resetPeaks();
        long t0 = System.nanoTime();
        ProvinceDataset data = ProvinceDataset.generate(seed, sizes);
        double generateMs = (System.nanoTime() - t0) / 1e6;
        long generatePeak = peakHeap();
        long datasetHeap = usedAfterGc() - heapBefore;
        Plan plan = data.plan;

        long teachingPoints = plan.schools().values().stream().filter(s -> s.teachingPoint()).count();
        long masters = plan.classrooms().values().stream().filter(c -> c.kind() == io.sanke.scheduler.api.ClassroomKind.MASTER).count();
        System.out.printf(Locale.ROOT, "dataset: %d regions, %d schools (%d teaching points), %d classrooms (%d master), "
                        + "%d teachers, %d pairings, %d entries, %d sessions, %d recording events; generated in %.0f ms, "
                        + "%.1f MB retained%n",
                plan.regions().size(), plan.schools().size(), teachingPoints, plan.classrooms().size(), masters,
                plan.teachers().size(), plan.pairings().size(), plan.entries().size(), data.sessions.size(),
                data.recordings.size(), generateMs, mb(datasetHeap));

        ConflictChecker checker = new ConflictChecker();
        Phase conflicts = measure("conflict check (full term)", warmup, iterations, () -> checker.check(plan));
        List<Conflict> found = checker.check(plan);
        Map<ConflictKind, Integer> byKind = new EnumMap<>(ConflictKind.class);
        found.forEach(c -> byKind.merge(c.kind(), 1, Integer::sum));
        System.out.println("  conflicts found: " + found.size() + " " + byKind);

        Plan edited = moveOneEntry(plan);
        Phase edit = measure("edit check (introducedBy, one entry moved)", warmup, iterations,
                () -> checker.introducedBy(plan, edited));
        System.out.println("  conflicts introduced by the edit: " + checker.introducedBy(plan, edited).size());

        CoverageCalculator calculator = new CoverageCalculator();
        CoveragePeriod term = CoveragePeriod.term(data.term);
        Phase coverage = measure("coverage report (province, term)", warmup, iterations,
                () -> calculator.compute(plan, data.sessions, data.recordings, Scope.ALL, term, data.asOf));
        CoverageReport report = calculator.compute(plan, data.sessions, data.recordings, Scope.ALL, term, data.asOf);
        System.out.printf(Locale.ROOT, "  teaching points covered %d/%d (%.4f), township recording classrooms %d/%d (%.4f), "
                        + "scheduled %d, delivered %d (开课率 %.4f), %d uncovered listed, %d regions in breakdown%n",
                report.teachingPoints().covered(), report.teachingPoints().total(), report.teachingPoints().share(),
                report.townshipSchools().withRecordingClassroom(), report.townshipSchools().total(),
                report.townshipSchools().recordingClassroomShare(), report.lessons().scheduled(),
                report.lessons().delivered(), report.lessons().deliveryRate(),
                report.teachingPoints().uncovered().size(), report.breakdown().size());

        System.out.printf(Locale.ROOT, "%-46s %10s %10s %10s %10s %12s%n", "phase", "median ms", "max ms", "cpu ms", "target ms",
                "peak heap MB");
        print(conflicts, CONFLICT_TARGET_MS);
        print(edit, Double.NaN);
        print(coverage, COVERAGE_TARGET_MS);
        System.out.printf(Locale.ROOT, "%-46s %10.0f %10s %10s %10s %12.1f%n", "dataset generation (once)", generateMs, "", "", "",
                mb(generatePeak));
        boolean met = conflicts.median < CONFLICT_TARGET_MS && coverage.median < COVERAGE_TARGET_MS;
        System.out.println("targets " + (met ? "met" : "NOT met") + " (conflict check < 2000 ms, coverage < 1000 ms, medians)");

        long peak = Math.max(Math.max(conflicts.peakHeap, edit.peakHeap), Math.max(coverage.peakHeap, generatePeak));
        System.out.printf(Locale.ROOT, "{\"bench\":\"scheduler\",\"seed\":%d,\"teachingPoints\":%d,\"masterClassrooms\":%d,"
                        + "\"pairings\":%d,\"entries\":%d,\"sessions\":%d,\"recordingEvents\":%d,\"conflicts\":%d,"
                        + "\"iterations\":%d,\"conflictCheckMsMedian\":%.1f,\"conflictCheckMsMax\":%.1f,\"conflictCheckCpuMsMedian\":%.1f,"
                        + "\"introducedByMsMedian\":%.1f,\"coverageMsMedian\":%.1f,\"coverageMsMax\":%.1f,\"coverageCpuMsMedian\":%.1f,"
                        + "\"conflictTargetMs\":%.0f,\"coverageTargetMs\":%.0f,\"targetsMet\":%b,"
                        + "\"datasetHeapMb\":%.1f,\"peakHeapMb\":%.1f}%n",
                seed, teachingPoints, masters, plan.pairings().size(), plan.entries().size(), data.sessions.size(),
                data.recordings.size(), found.size(), iterations, conflicts.median, conflicts.max, conflicts.cpuMedian, edit.median,
                coverage.median, coverage.max, coverage.cpuMedian, CONFLICT_TARGET_MS, COVERAGE_TARGET_MS, met, mb(datasetHeap), mb(peak));
    }

    /**
     * The plan with one weekly entry moved onto the slot of another pairing's weekly entry
     * in the same master classroom: the edit a hurried coordinator makes, which
     * {@code introducedBy} must catch.
     */
    private static Plan moveOneEntry(Plan plan) {
        List<TimetableEntry> weekly = plan.entries().values().stream()
                .filter(x -> x.recurrence() == io.sanke.scheduler.api.Recurrence.WEEKLY && x.from() == null && x.until() == null)
                .sorted(java.util.Comparator.comparing(TimetableEntry::id)).toList();
        Map<String, TimetableEntry> firstByMaster = new HashMap<>();
        for (TimetableEntry e : weekly) {
            String master = plan.pairings().get(e.pairingId()).masterClassroomId();
            TimetableEntry other = firstByMaster.putIfAbsent(master, e);
            if (other != null && !other.pairingId().equals(e.pairingId())) {
                Map<String, TimetableEntry> entries = new HashMap<>(plan.entries());
                entries.put(e.id(), new TimetableEntry(e.id(), e.termId(), e.pairingId(), other.weekday(), other.period(),
                        other.start(), other.end(), e.recurrence(), e.from(), e.until()));
                return new Plan(plan.regions(), plan.schools(), plan.classrooms(), plan.teachers(), plan.pairings(),
                        plan.terms(), entries);
            }
        }
        throw new IllegalStateException("no two pairings share a master classroom in the dataset");
    }

    /** Wall-clock median and max, the median of the thread's CPU time (less sensitive to a shared machine), peak heap. */
    private record Phase(String name, double median, double max, double cpuMedian, long peakHeap) {
    }

    /** Sink for results, so the JIT cannot drop the work. */
    static volatile Object sink;

    private static Phase measure(String name, int warmup, int iterations, Supplier<Object> work) {
        for (int i = 0; i < warmup; i++) {
            sink = work.get();
        }
        sink = null;
        usedAfterGc();
        resetPeaks();
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double[] ms = new double[iterations];
        double[] cpu = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long c = threads.getCurrentThreadCpuTime();
            long t = System.nanoTime();
            sink = work.get();
            ms[i] = (System.nanoTime() - t) / 1e6;
            cpu[i] = (threads.getCurrentThreadCpuTime() - c) / 1e6;
        }
        long peak = peakHeap();
        sink = null;
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        List<String> each = new ArrayList<>();
        for (double m : ms) {
            each.add(String.format(Locale.ROOT, "%.0f", m));
        }
        System.out.printf(Locale.ROOT, "%s: %s ms%n", name, String.join(" ", each));
        return new Phase(name, median(ms), sorted[sorted.length - 1], median(cpu), peak);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static void print(Phase p, double target) {
        System.out.printf(Locale.ROOT, "%-46s %10.1f %10.1f %10.1f %10s %12.1f%n", p.name, p.median, p.max, p.cpuMedian,
                Double.isNaN(target) ? "" : String.format(Locale.ROOT, "%.0f", target), mb(p.peakHeap));
    }

    /** Heap in use after an explicit GC (run twice so finalised garbage goes too). */
    private static long usedAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak use since the last reset (an upper bound of the true peak). */
    private static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
