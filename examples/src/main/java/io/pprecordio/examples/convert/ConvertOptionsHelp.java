package io.pprecordio.examples.convert;

import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * The option list of {@code pprecordio convert --help} and {@code ConvertJob --help}, read from
 * the {@link Description} and {@link Default} annotations of {@link ConvertOptions}, so that the
 * help and the options cannot drift apart.
 */
public final class ConvertOptionsHelp {
  /** Every option of {@link ConvertOptions}, in the order the help lists them, with its label. */
  static final Map<String, String> LABELS = new LinkedHashMap<>();

  static {
    LABELS.put("input", "PATTERN");
    LABELS.put("inputFormat", "FORMAT");
    LABELS.put("output", "NAME@N");
    LABELS.put("outputFormat", "FORMAT");
    LABELS.put("numShards", "N");
    LABELS.put("field", "NAME");
    LABELS.put("codec", "CODEC");
    LABELS.put("compressionLevel", "N");
    LABELS.put("formatVersion", "V");
    LABELS.put("blockRecords", "N");
    LABELS.put("blockBytes", "BYTES");
    LABELS.put("compression", "C");
    LABELS.put("sequenceFileValueClass", "CLASS");
    LABELS.put("corruptionPolicy", "POLICY");
    LABELS.put("maxRecordBytes", "BYTES");
    LABELS.put("countOutputRecords", "BOOL");
    LABELS.put("sampleRecords", "N");
    LABELS.put("keepSample", "BOOL");
  }

  private static final String[] BEAM_OPTIONS = {
    "--runner=RUNNER", "DirectRunner (default, in this process). FlinkRunner and SparkRunner once"
        + " built in: mvn -B -pl examples -am package -DskipTests -Pflink-runner (or"
        + " -Pspark-runner); then their usual options, e.g. --flinkMaster=host:8081"
        + " --parallelism=8, or --sparkMaster=spark://host:7077.",
    "--targetParallelism=N", "DirectRunner: worker threads (default: the number of cores).",
    "--tempLocation=PATH", "Scratch space some runners need (Dataflow: a gs:// path).",
    "--hdfsConfiguration=JSON", "Hadoop configuration for hdfs:// paths, e.g."
        + " '[{\"fs.defaultFS\":\"hdfs://nn:8020\"}]'; default: the XML files in"
        + " HADOOP_CONF_DIR.",
  };

  private ConvertOptionsHelp() {}

  /** The job's options and the main Beam ones, wrapped to {@code width} columns. */
  public static String render(int width) {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, String> option : LABELS.entrySet()) {
      Method getter = getter(option.getKey());
      String text = getter.getAnnotation(Description.class).value();
      String def = defaultValue(getter);
      if (def != null && !text.contains("Default:")) {
        text += " (default: " + def + ")";
      }
      item(s, "--" + option.getKey() + "=" + option.getValue(), text, width);
    }
    s.append(String.format("%nBeam options go beside them, for example:%n"));
    for (int i = 0; i < BEAM_OPTIONS.length; i += 2) {
      item(s, BEAM_OPTIONS[i], BEAM_OPTIONS[i + 1], width);
    }
    return s.toString();
  }

  /** The {@link ConvertOptions} properties the help must list. */
  static List<String> properties() {
    List<String> names = new ArrayList<>();
    for (Method m : ConvertOptions.class.getDeclaredMethods()) {
      String n = m.getName();
      if (m.getParameterCount() == 0 && (n.startsWith("get") || n.startsWith("is"))) {
        names.add(Introspector.decapitalize(n.substring(n.startsWith("get") ? 3 : 2)));
      }
    }
    return names;
  }

  /** The type of a {@link ConvertOptions} property; null if it has none of that name. */
  public static Class<?> type(String property) {
    if (property.isEmpty()) {
      return null;
    }
    try {
      return getter(property).getReturnType();
    } catch (IllegalStateException e) {
      return null;
    }
  }

  private static Method getter(String property) {
    String suffix = Character.toUpperCase(property.charAt(0)) + property.substring(1);
    for (String prefix : new String[] {"get", "is"}) {
      try {
        return ConvertOptions.class.getMethod(prefix + suffix);
      } catch (NoSuchMethodException e) {
        // try the next prefix
      }
    }
    throw new IllegalStateException("ConvertOptions has no property " + property);
  }

  private static String defaultValue(Method getter) {
    Default.String s = getter.getAnnotation(Default.String.class);
    if (s != null) {
      return s.value();
    }
    Default.Integer i = getter.getAnnotation(Default.Integer.class);
    if (i != null) {
      return Integer.toString(i.value());
    }
    Default.Long l = getter.getAnnotation(Default.Long.class);
    if (l != null) {
      return Long.toString(l.value());
    }
    Default.Boolean b = getter.getAnnotation(Default.Boolean.class);
    if (b != null) {
      return Boolean.toString(b.value());
    }
    return null;
  }

  /** {@code  --name=LABEL}, then the text indented and wrapped below it. */
  private static void item(StringBuilder s, String name, String text, int width) {
    s.append("  ").append(name).append(System.lineSeparator());
    int indent = 6;
    StringBuilder line = new StringBuilder();
    for (String word : text.split(" ")) {
      if (line.length() > 0 && indent + line.length() + 1 + word.length() > width) {
        s.append(" ".repeat(indent)).append(line).append(System.lineSeparator());
        line.setLength(0);
      }
      line.append(line.length() == 0 ? "" : " ").append(word);
    }
    if (line.length() > 0) {
      s.append(" ".repeat(indent)).append(line).append(System.lineSeparator());
    }
  }
}
