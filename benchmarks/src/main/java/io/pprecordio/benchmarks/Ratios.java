package io.pprecordio.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;

/**
 * Runs JMH benchmarks and prints each pp_recordio figure as a ratio to the baseline measured in
 * the same run. Convention: in one benchmark class, a method {@code baselineX} is the bound for
 * {@code ppX} (same params); a {@code ppX} without its own {@code baselineX} is compared with
 * {@code baselineRead}. Scores are throughputs, so ratio = pp / baseline (higher is better). The
 * machine's load average is printed before and after the run, since figures taken on a busy
 * machine are not comparable with quiet ones.
 *
 * <p>Usage: {@code java -cp benchmarks/target/benchmarks.jar io.pprecordio.benchmarks.Ratios
 * [any JMH options, e.g. a regex and -f 1 -wi 3 -i 5]}.
 */
public final class Ratios {
  private Ratios() {}

  public static void main(String[] args) throws Exception {
    Options options = new CommandLineOptions(args);
    String loadBefore = loadAverage();
    Collection<RunResult> results = new Runner(options).run();
    String loadAfter = loadAverage();
    Map<String, double[]> scores = new LinkedHashMap<>();
    for (RunResult r : results) {
      String label = r.getParams().getBenchmark();
      String params = r.getParams().getParamsKeys().isEmpty() ? "" : paramsOf(r);
      double score = r.getPrimaryResult().getScore();
      double error = r.getPrimaryResult().getScoreError();
      scores.put(label + params, new double[] {score, error});
    }
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%-70s %14s %14s %8s", "benchmark", "pp", "baseline", "ratio"));
    for (Map.Entry<String, double[]> e : scores.entrySet()) {
      String key = e.getKey();
      int dot = key.lastIndexOf('.', key.indexOf('[') < 0 ? key.length() : key.indexOf('['));
      String method = key.substring(dot + 1);
      if (!method.startsWith("pp")) {
        continue;
      }
      String baselineKey = key.substring(0, dot + 1) + "baseline" + method.substring(2);
      double[] base = scores.get(baselineKey);
      if (base == null) {
        base = scores.get(key.substring(0, dot + 1) + "baselineRead" + key.substring(
            key.indexOf('[') < 0 ? key.length() : key.indexOf('[')));
      }
      if (base == null) {
        continue;
      }
      double[] pp = e.getValue();
      lines.add(String.format("%-70s %14.3f %14.3f %7.2fx", shortName(key), pp[0], base[0],
          pp[0] / base[0]));
    }
    System.out.println();
    System.out.println("Ratios (pp / baseline, same run; throughput, higher is better):");
    lines.forEach(System.out::println);
    System.out.println("load average (1, 5, 15 min) before: " + loadBefore + "; after: "
        + loadAfter + "; cores: " + Runtime.getRuntime().availableProcessors());
  }

  private static String loadAverage() {
    try {
      String[] parts = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
          .trim().split("\\s+");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static String paramsOf(RunResult r) {
    StringBuilder sb = new StringBuilder("[");
    for (String k : r.getParams().getParamsKeys()) {
      if (sb.length() > 1) {
        sb.append(',');
      }
      sb.append(k).append('=').append(r.getParams().getParam(k));
    }
    return sb.append(']').toString();
  }

  private static String shortName(String key) {
    return key.replace("io.pprecordio.benchmarks.", "");
  }
}
