package io.pprecordio.examples.mapreduce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.PPRecordReader;
import io.pprecordio.PPRecordWriter;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar {@code target/pprecordio-mapreduce.jar}, after {@code mvn package}: what it holds,
 * and a run the way {@code hadoop jar} runs it (Hadoop's RunJar, with Hadoop's jars and nothing
 * of pp-recordio on the classpath), since there is no {@code hadoop} binary here.
 */
class MapReduceJarIT {
  private static final Path JAR = Paths.get(System.getProperty("pprecordio.mapreduce.jar",
      "target/pprecordio-mapreduce.jar"));
  private static final Path LIB = Paths.get(System.getProperty("pprecordio.lib", "target/lib"));

  @TempDir
  Path dir;

  @Test
  void holdsTheJobAndPPRecordIOButNotHadoop() throws Exception {
    assertTrue(Files.isRegularFile(JAR), JAR + " (run through 'mvn verify')");
    List<String> entries = new ArrayList<>();
    try (JarFile jar = new JarFile(JAR.toFile())) {
      jar.stream().forEach(e -> entries.add(e.getName()));
      Manifest m = jar.getManifest();
      assertEquals(RecordGrep.class.getName(), m.getMainAttributes().getValue("Main-Class"));
      String classPath = m.getMainAttributes().getValue("Class-Path");
      assertTrue(classPath == null || classPath.isBlank(), "Class-Path: " + classPath);
    }
    for (String required : List.of(
        "io/pprecordio/examples/mapreduce/RecordGrep.class",
        "io/pprecordio/examples/mapreduce/GrepMapper$ToReducers.class",
        "io/pprecordio/hadoop/PPRecordInputFormat.class",
        "io/pprecordio/hadoop/PPRecordOutputFormat.class",
        "io/pprecordio/hadoop/PPRecordCounter.class",
        "io/pprecordio/PPRecordReader.class",
        "com/github/luben/zstd/Zstd.class")) {
      assertTrue(entries.contains(required), required + " missing");
    }
    for (String prefix : List.of("org/apache/hadoop/", "org/apache/beam/", "picocli/",
        "io/pprecordio/examples/cli/", "io/pprecordio/examples/convert/", "io/pprecordio/beam/",
        "org/slf4j/")) {
      assertFalse(entries.stream().anyMatch(e -> e.startsWith(prefix)), prefix + " bundled");
    }
  }

  @Test
  void runsUnderHadoopsRunJarWithOnlyHadoopOnTheClasspath() throws Exception {
    Path in = Files.createDirectory(dir.resolve("in"));
    int matching = 0;
    try (PPRecordWriter w = PPRecordWriter.create(in.resolve("events.pp_recordio"))) {
      for (int i = 0; i < 3000; i++) {
        boolean error = i % 11 == 0;
        matching += error ? 1 : 0;
        w.write(("{\"id\": " + i + ", \"level\": \"" + (error ? "error" : "info") + "\"}")
            .getBytes(StandardCharsets.UTF_8));
      }
    }
    List<String> classPath = new ArrayList<>();
    try (Stream<Path> jars = Files.list(LIB)) {
      // What a Hadoop installation has: lib/ without pp-recordio, zstd-jni, and the CLI's and
      // Beam's own jars.
      jars.map(Path::toString)
          .filter(j -> !j.contains("pp-recordio") && !j.contains("zstd-jni")
              && !j.contains("/beam-") && !j.contains("/picocli-")
              && !j.contains("/progressbar-") && !j.contains("/jline-"))
          .forEach(classPath::add);
    }
    Path out = dir.resolve("out");
    List<String> command = List.of(Paths.get(System.getProperty("java.home"), "bin", "java")
            .toString(),
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", String.join(File.pathSeparator, classPath),
        "org.apache.hadoop.util.RunJar", JAR.toAbsolutePath().toString(),
        "-D", "mapreduce.job.reduces=2", "-D", "pprecordio.output.codec=zstd",
        "-D", "hadoop.tmp.dir=" + dir.resolve("hadoop-tmp"),
        "\"level\": \"error\"", in.toString(), out.toString());
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(dir.resolve("stdout").toFile())
        .redirectError(dir.resolve("stderr").toFile()).start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
    String stdout = Files.readString(dir.resolve("stdout"));
    String stderr = Files.readString(dir.resolve("stderr"));
    assertEquals(0, p.exitValue(), () -> stdout + stderr);
    assertTrue(stdout.contains("records in:              3000\n"), stdout);
    assertTrue(stdout.contains("records out:             " + matching + "\n"), stdout);

    long read = 0;
    for (String part : List.of("part-r-00000.pp_recordio", "part-r-00001.pp_recordio")) {
      try (PPRecordReader r = PPRecordReader.open(out.resolve(part))) {
        while (r.advance()) {
          assertTrue(new String(r.record(), StandardCharsets.UTF_8)
              .contains("\"level\": \"error\""));
          read++;
        }
      }
    }
    assertEquals(matching, read);
  }
}
