package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar, run as users run it: through {@code bin/pprecordio} in a child process, after
 * {@code mvn package}. Runs in the integration-test phase (failsafe).
 */
class CliIT {
  private static Path launcher;

  @TempDir
  Path dir;

  @BeforeAll
  static void findLauncher() {
    launcher = Paths.get(System.getProperty("pprecordio.launcher", "../bin/pprecordio"))
        .toAbsolutePath().normalize();
    Path jar = Paths.get(System.getProperty("pprecordio.jar", "target/pprecordio.jar"));
    assertTrue(Files.isExecutable(launcher), "launcher " + launcher);
    assertTrue(Files.isRegularFile(jar), "jar " + jar + " (run through 'mvn verify')");
  }

  record Run(int status, byte[] stdout, String stderr) {
    String out() {
      return new String(stdout, StandardCharsets.UTF_8);
    }

    Run expect(int expected, String... command) {
      assertEquals(expected, status, () -> String.join(" ", command) + "\nstdout: " + out()
          + "\nstderr: " + stderr);
      assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"),
          () -> "stack trace from " + String.join(" ", command) + ":\n" + stderr);
      return this;
    }
  }

  private Run run(byte[] stdin, Path program, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(program.toString());
    command.addAll(Arrays.asList(args));
    Path in = Files.write(Files.createTempFile(dir, "stdin", ""), stdin);
    Path out = Files.createTempFile(dir, "stdout", "");
    Path err = Files.createTempFile(dir, "stderr", "");
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
        .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    environment(pb);
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    Run run = new Run(p.exitValue(), Files.readAllBytes(out), Files.readString(err));
    Files.delete(in);
    Files.delete(out);
    Files.delete(err);
    return run;
  }

  /**
   * The JDK running the tests, and JVM options for a quicker start through the launcher's
   * PPRECORDIO_OPTS: these runs are many and small.
   */
  private static void environment(ProcessBuilder pb) {
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("PPRECORDIO_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
  }

  private Run cli(byte[] stdin, String... args) throws Exception {
    return run(stdin, launcher, args).expect(0, args);
  }

  private Run cli(String... args) throws Exception {
    return run(new byte[0], launcher, args);
  }

  @Test
  void writeCatCountHeadAndStatRoundTripThroughTheJar() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 500; i++) {
      text.append("{\"id\": ").append(i).append("}\n");
    }
    byte[] input = text.toString().getBytes(StandardCharsets.UTF_8);
    cli(input, "write", "--codec", "zstd", "data.pp_recordio");
    assertEquals(text.toString(), cli("cat", "data.pp_recordio").expect(0).out());
    assertEquals("500\n", cli("count", "data.pp_recordio").expect(0).out());
    assertEquals("{\"id\": 0}\n{\"id\": 1}\n", cli("head", "-n", "2", "data.pp_recordio")
        .expect(0).out());
    String stat = cli("stat", "data.pp_recordio").expect(0).out();
    assertTrue(stat.contains("records:          500"), stat);

    cli(input, "write", "--codec", "gzip", "sharded@4");
    assertEquals("500\n", cli("count", "sharded@4").expect(0).out());
    assertEquals("500\n", cli("count", "sharded-0000[0-3]-of-00004").expect(0).out());
  }

  /**
   * The README's first command after the build: {@code bin/pprecordio convert}, the conversion
   * job on the DirectRunner over the generated sample dataset. Its summary must be right, and
   * standard error must hold only the job's own notes: no log lines from Beam or Hadoop.
   */
  @Test
  void theQuickStartConvertsTheSampleDataset() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "convert")
        .directory(dir.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectOutput(dir.resolve("out.txt").toFile())
        .redirectError(dir.resolve("err.txt").toFile());
    environment(pb);
    // The sample goes under java.io.tmpdir: keep it inside this test's directory.
    pb.environment().put("PPRECORDIO_OPTS", pb.environment().get("PPRECORDIO_OPTS")
        + " -Djava.io.tmpdir=" + dir);
    Process p = pb.start();
    assertTrue(p.waitFor(180, TimeUnit.SECONDS), "convert timed out");
    String out = Files.readString(dir.resolve("out.txt"));
    String err = Files.readString(dir.resolve("err.txt"));
    assertEquals(0, p.exitValue(), () -> out + err);

    List<String> lines = List.of(out.split("\n"));
    assertTrue(lines.get(0).startsWith("Converted pp_recordio -> text on DirectRunner in "), out);
    assertTrue(lines.contains("records in:              9998"), out);
    assertTrue(lines.contains("corrupt regions skipped: 1"), out);
    assertTrue(lines.contains("torn tails:              1"), out);
    assertTrue(lines.contains("records out:             9998"), out);
    int shardLines = 0;
    long sum = 0;
    for (String line : lines) {
      if (line.matches("  events-0000[0-3]-of-00004\\.txt  \\d+")) {
        shardLines++;
        sum += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    assertEquals(4, shardLines, out);
    assertEquals(9998, sum, out);

    // The sample and its conversion live in a temporary directory, removed when the job ends.
    String output = lines.stream().filter(l -> l.startsWith("output:")).findFirst()
        .orElseThrow().substring("output:".length()).strip();
    assertTrue(output.startsWith(dir.toString()), output);
    try (var left = Files.list(dir)) {
      assertEquals(List.of(), left.filter(f -> f.getFileName().toString()
          .startsWith("pprecordio-convert-")).toList(), "the sample was not removed");
    }
    assertTrue(err.strip().endsWith("--keepSample=true keeps it)"), err);

    for (String line : err.split("\n")) {
      assertTrue(line.startsWith("pprecordio convert: "), () -> "not a note of the job:\n" + err);
    }
    assertTrue(err.startsWith("pprecordio convert: no --input given"), err);
  }

  /** The MapReduce example on the LocalJobRunner, through the launcher. */
  @Test
  void grepRunsTheMapReduceJobLocally() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      text.append("{\"id\": ").append(i).append(", \"level\": \"")
          .append(i % 10 == 0 ? "error" : "info").append("\"}\n");
    }
    cli(text.toString().getBytes(StandardCharsets.UTF_8), "write", "events@3.pp_recordio");
    Run grep = cli("grep", "-D", "mapreduce.job.reduces=2", "-D",
        "hadoop.tmp.dir=" + dir.resolve("hadoop-tmp"), "\"level\": \"error\"",
        "events@3.pp_recordio", "errors").expect(0, "grep");
    assertTrue(grep.out().startsWith("RecordGrep '\"level\": \"error\"' on LocalJobRunner in "),
        grep.out());
    assertTrue(grep.out().contains("records in:              1000\n"), grep.out());
    assertTrue(grep.out().contains("records out:             100\n"), grep.out());
    assertEquals("", grep.stderr());
    assertEquals("100\n", cli("count", "errors/part-r-0000[01].pp_recordio").expect(0).out());
    assertOneLine(cli("grep", "x", "events@3.pp_recordio", "errors").expect(2, "grep again"),
        "pprecordio grep: Output directory file:" + dir.toRealPath().resolve("errors")
            + " already exists");
  }

  @Test
  void everyCodecAndV1() throws Exception {
    byte[] input = "alpha\nbeta\ngamma\n".getBytes(StandardCharsets.UTF_8);
    String[][] variants = {{}, {"--codec", "gzip"}, {"--codec", "zstd"}, {"--v1"},
        {"--v1", "--codec", "gzip"}};
    List<String> catArgs = new ArrayList<>(List.of("cat", "--offsets"));
    for (int i = 0; i < variants.length; i++) {
      List<String> args = new ArrayList<>(List.of("write"));
      args.addAll(List.of(variants[i]));
      args.add("out" + i + ".pp");
      cli(input, args.toArray(new String[0]));
      catArgs.add("out" + i + ".pp");
    }
    List<String> lines = List.of(cli(catArgs.toArray(new String[0])).expect(0).out()
        .split("\n"));
    assertEquals(3 * variants.length, lines.size(), lines.toString());
    for (int i = 0; i < variants.length; i++) {
      for (int k = 0; k < 3; k++) {
        String line = lines.get(3 * i + k);
        assertTrue(line.startsWith("out" + i + ".pp:"), line);
        assertTrue(line.endsWith("\t" + List.of("alpha", "beta", "gamma").get(k)),
            String.join(" ", variants[i]) + ": " + line);
      }
    }
    cli("write", "--v1", "--codec", "zstd", "out.pp").expect(2);
  }

  @Test
  void verifyExitCodesAndJsonOnACorruptedFile() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append("record number ").append(i).append('\n');
    }
    cli(text.toString().getBytes(StandardCharsets.UTF_8), "write", "clean.pp");
    assertEquals("clean.pp: ok, 100 records\n", cli("verify", "clean.pp").expect(0).out());

    byte[] bytes = Files.readAllBytes(dir.resolve("clean.pp"));
    List<Long> offsets = new ArrayList<>();
    for (String line : cli("cat", "--offsets", "clean.pp").expect(0).out().split("\n")) {
      offsets.add(Long.parseLong(line.substring(0, line.indexOf('\t'))));
    }
    bytes[(int) (offsets.get(10) + 45)] ^= 0x40;
    Files.write(dir.resolve("damaged.pp"), Arrays.copyOf(bytes, bytes.length - 5));

    Run verify = cli("verify", "--json", "damaged.pp").expect(1);
    Map<String, Object> json = JsonTree.object(verify.out());
    assertEquals(98L, json.get("records"));
    assertEquals(1L, json.get("corrupt_regions"));
    assertEquals(1L, json.get("corrupt_frames"), "the deprecated alias, for one release");
    assertEquals(offsets.get(11) - offsets.get(10), json.get("skipped_bytes"));
    assertEquals(true, json.get("torn_tail"));
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> regions = (List<Map<String, Object>>) json.get("regions");
    assertEquals(2, regions.size());
    assertEquals(offsets.get(10), regions.get(0).get("offset"));
    assertEquals("payload_checksum_mismatch", regions.get(0).get("reason"));
    assertEquals(offsets.get(99), regions.get(1).get("offset"));
    assertEquals(bytes.length - 5 - offsets.get(99), regions.get(1).get("length"));
    assertEquals("torn_tail", regions.get(1).get("reason"));

    Run recover = cli("recover", "damaged.pp", "recovered.pp").expect(0);
    assertTrue(recover.stderr().contains("recovered 98 records into recovered.pp"),
        recover.stderr());
    assertEquals("recovered.pp: ok, 98 records\n", cli("verify", "recovered.pp").expect(0).out());
  }

  @Test
  void userMistakesAreOneLineWithTheDocumentedStatus() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "plain text, not records\n");
    assertOneLine(cli("verify", "notes.txt").expect(1, "verify notes.txt"),
        "pprecordio verify: notes.txt is not a pp_recordio file");
    assertOneLine(cli("cat", "missing.pp").expect(2, "cat missing.pp"),
        "pprecordio cat: missing.pp: no such file");
    assertOneLine(cli("verify", "missing@3").expect(2, "verify missing@3"),
        "pprecordio verify: missing-00000-of-00003: missing shard of missing@3");
    assertOneLine(cli("count", "--bogus", "x").expect(2, "count --bogus"),
        "pprecordio count: Unknown option: '--bogus'");
    assertOneLine(cli("nosuchcmd").expect(2, "nosuchcmd"),
        "pprecordio: 'nosuchcmd' is not a command; did you mean '");
    assertOneLine(cli("convert", "--bogus=1").expect(2, "convert --bogus=1"),
        "pprecordio convert: unknown option --bogus; the closest is --");
    assertOneLine(cli("write", "no/such/dir/x.pp").expect(2, "write to a missing directory"),
        "pprecordio write: no/such/dir/x.pp: cannot write: directory ");
    assertFalse(Files.exists(dir.resolve("no")));
    assertOneLine(cli("convert", "--input=missing@2.txt", "--output=out@2")
        .expect(2, "convert missing@2.txt"),
        "pprecordio convert: missing shard missing-00000-of-00002.txt of missing@2.txt");
    Run none = cli().expect(2);
    assertTrue(none.stderr().startsWith("Usage: pprecordio"), none.stderr());
  }

  private static void assertOneLine(Run run, String prefix) {
    assertEquals(1, run.stderr().split("\n").length, run.stderr());
    assertTrue(run.stderr().startsWith(prefix), run.stderr());
  }

  @Test
  void helpAndVersion() throws Exception {
    assertTrue(cli("verify", "--help").expect(0).out().startsWith("Usage: pprecordio verify"));
    String version = cli("--version").expect(0).out();
    assertTrue(version.startsWith("pprecordio 0."), version);
  }

  /** '| head' closes the pipe early: the tool stops quietly, as Unix tools do. */
  @Test
  void aClosedPipeEndsCatQuietly() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 200_000; i++) {
      text.append("line ").append(i).append('\n');
    }
    cli(text.toString().getBytes(StandardCharsets.UTF_8), "write", "many.pp");
    ProcessBuilder pb = new ProcessBuilder(launcher.toString(), "cat", "many.pp")
        .directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile());
    environment(pb);
    Process p = pb.start();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
        StandardCharsets.UTF_8))) {
      assertEquals("line 0", r.readLine());
    }
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertEquals("", Files.readString(dir.resolve("err.txt")));
  }

  /**
   * {@code cat FILE | pprecordio COMMAND -} through a real shell pipe, and a named pipe given as
   * a file: both are read as streams by every reading command.
   */
  @Test
  void standardInputFromAShellPipeAndAFifo() throws Exception {
    cli("a\nb\nc\n".getBytes(StandardCharsets.UTF_8), "write", "events.pp");
    Map<String, String> expected = Map.of(
        "count -", "3\n",
        "cat -", "a\nb\nc\n",
        "head -n 2 -", "a\nb\n",
        "verify -", "<stdin>: ok, 3 records\n");
    for (Map.Entry<String, String> c : expected.entrySet()) {
      ProcessBuilder pb = new ProcessBuilder("bash", "-c",
          "cat events.pp | \"$0\" " + c.getKey(), launcher.toString())
          .directory(dir.toFile()).redirectError(dir.resolve("err.txt").toFile());
      environment(pb);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), c.getKey());
      String err = Files.readString(dir.resolve("err.txt"));
      assertEquals(0, p.exitValue(), c.getKey() + ": " + err);
      assertEquals(c.getValue(), out, c.getKey());
      assertEquals("", err, c.getKey());
    }

    Path fifo = dir.resolve("events.fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    Process writer = new ProcessBuilder("bash", "-c", "sleep 0.3; cat events.pp > events.fifo")
        .directory(dir.toFile()).start();
    assertEquals("3\n", cli("count", "events.fifo").expect(0, "count events.fifo").out());
    assertTrue(writer.waitFor(60, TimeUnit.SECONDS));
  }

  /** A huge --range start is past the end of the file: nothing to print, and status 0. */
  @Test
  void aRangePastTheEndIsEmpty() throws Exception {
    cli("a\nb\n".getBytes(StandardCharsets.UTF_8), "write", "two.pp");
    for (String range : List.of("99999999999999:", "9223372036854775807:")) {
      Run r = cli("cat", "--range", range, "two.pp").expect(0, "cat --range " + range);
      assertEquals("", r.out());
      assertEquals("", r.stderr());
    }
  }

  /** Before the jar is built, the launcher says how to build it. */
  @Test
  void theLauncherExplainsHowToBuildAMissingJar() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("checkout/bin"));
    Path copy = Files.copy(launcher, bin.resolve("pprecordio"));
    Run r = run(new byte[0], copy, "count", "x.pp");
    assertEquals(2, r.status());
    assertEquals("", r.out());
    assertTrue(r.stderr().contains("mvn -B -pl examples -am package -DskipTests"), r.stderr());
    assertEquals(1, r.stderr().split("\n").length, r.stderr());
  }

  @Test
  void theLauncherWorksThroughASymlink() throws Exception {
    Path link = Files.createSymbolicLink(dir.resolve("pp"), launcher);
    assertEquals("0\n", run("".getBytes(StandardCharsets.UTF_8), link, "count", "-")
        .expect(0).out());
  }

  @Test
  void rawBytesSurviveTheProcessBoundary() throws Exception {
    byte[] blob = new byte[256];
    for (int i = 0; i < blob.length; i++) {
      blob[i] = (byte) i;
    }
    Files.write(dir.resolve("blob.bin"), blob);
    cli(new byte[0], "write", "--files", "blobs.pp", "blob.bin");
    assertArrayEquals(blob, cli("cat", "--format", "raw", "blobs.pp").expect(0).stdout());
    byte[] viaStdout = cli(new byte[0], "write", "--files", "-", "blob.bin").stdout();
    assertArrayEquals(Files.readAllBytes(dir.resolve("blobs.pp")), viaStdout);
  }
}
