package io.pprecordio.examples.cli;

import static io.pprecordio.examples.cli.TestFiles.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.PPRecordReader;
import io.pprecordio.ReaderOptions;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteCommandTest {
  private static final String INPUT = "first line\n\nthird, after an empty one\r\n"
      + "a line with a \\ backslash and \"quotes\"\n"
      + "x".repeat(5000) + "\n"
      + "last line without newline";

  @TempDir
  Path dir;

  private static List<String> expectedLines() {
    return List.of("first line", "", "third, after an empty one\r",
        "a line with a \\ backslash and \"quotes\"", "x".repeat(5000),
        "last line without newline");
  }

  /** Each codec and format writes what it says in every frame header, and reads back intact. */
  @ParameterizedTest
  @CsvSource({
    "none, false, 0, true",
    "gzip, false, 1, true",
    "zstd, false, 2, true",
    "none, true,  0, false",
    "gzip, true,  1, false",
  })
  void writesOneRecordPerLineWithEachCodec(String codec, boolean v1, int flags, boolean v2)
      throws Exception {
    Path out = dir.resolve("out.pp");
    List<String> args = new ArrayList<>(List.of("write", "--codec", codec));
    if (v1) {
      args.add("--v1");
    }
    args.add(out.toString());
    CliRun.Result r = CliRun.run(INPUT.getBytes(StandardCharsets.UTF_8), args.toArray(
        new String[0])).expect(0);
    assertEquals("", r.stdout());
    assertEquals("", r.stderr());

    List<String> got = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    try (PPRecordReader reader = PPRecordReader.open(out)) {
      while (reader.advance()) {
        got.add(utf8(reader.record()));
        offsets.add(reader.offset());
      }
      assertEquals(0, reader.stats().corruptRegions());
    }
    assertEquals(expectedLines(), got);
    ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(out));
    for (long offset : offsets) {
      int at = (int) offset;
      assertEquals(0xDEADBEEF, file.getInt(at));
      assertEquals(flags, file.getInt(at + 20), "flags of frame at " + at);
      assertEquals(v2, file.getInt(at + 24) == 0x50505232, "v2 marker of frame at " + at);
    }
    // The CLI's output reads back through the CLI too.
    assertEquals(expectedLines(), CliRun.run("cat", out.toString()).expect(0).lines());
    assertEquals(INPUT + "\n", CliRun.run("cat", out.toString()).stdout());
  }

  /** --v1 without compression is the original package's format, byte for byte. */
  @Test
  void v1OutputMatchesTheOriginalFormatByteForByte() throws Exception {
    Path out = dir.resolve("v1.pp");
    CliRun.run("alpha\nbe\n\n".getBytes(StandardCharsets.US_ASCII), "write", "--v1",
        out.toString()).expect(0);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    for (String s : List.of("alpha", "be", "")) {
      byte[] payload = s.getBytes(StandardCharsets.US_ASCII);
      CRC32 crc = new CRC32();
      crc.update(payload);
      ByteBuffer header = ByteBuffer.allocate(40);
      header.putInt(0xDEADBEEF).putLong(40 + payload.length).putLong(crc.getValue()).putInt(0);
      expected.write(header.array());
      expected.write(payload);
    }
    assertArrayEquals(expected.toByteArray(), Files.readAllBytes(out));
  }

  @Test
  void filesModeStoresEachFileAsOneRecord() throws Exception {
    Path a = dir.resolve("a.bin");
    Path b = dir.resolve("b.bin");
    Files.write(a, new byte[] {0, 1, 2, '\n', 3});
    Files.write(b, new byte[0]);
    Path out = dir.resolve("files.pp");
    CliRun.run("write", "--files", "--codec", "gzip", out.toString(), a.toString(), b.toString())
        .expect(0);
    List<byte[]> records = TestFiles.read(out);
    assertEquals(2, records.size());
    assertArrayEquals(Files.readAllBytes(a), records.get(0));
    assertArrayEquals(new byte[0], records.get(1));

    Path fromNames = dir.resolve("names.pp");
    String names = b + "\n" + a + "\n\n";
    CliRun.run(names.getBytes(StandardCharsets.UTF_8), "write", "--files", fromNames.toString())
        .expect(0);
    List<byte[]> named = TestFiles.read(fromNames);
    assertEquals(2, named.size());
    assertArrayEquals(new byte[0], named.get(0));
    assertArrayEquals(Files.readAllBytes(a), named.get(1));
  }

  @Test
  void linesOfFileArgumentsAreRecordsToo() throws Exception {
    Path a = dir.resolve("a.txt");
    Path b = dir.resolve("b.txt");
    Files.writeString(a, "1\n2\n");
    Files.writeString(b, "3");
    Path out = dir.resolve("out.pp");
    CliRun.run("write", out.toString(), a.toString(), b.toString()).expect(0);
    assertEquals(List.of("1", "2", "3"), CliRun.run("cat", out.toString()).expect(0).lines());
  }

  @Test
  void aShardSpecDealsRecordsRoundRobin() throws Exception {
    String spec = dir.resolve("sharded@3.pp_recordio").toString();
    CliRun.run("0\n1\n2\n3\n4\n5\n6\n".getBytes(StandardCharsets.UTF_8), "write", "--codec",
        "zstd", spec).expect(0);
    assertEquals(List.of("0", "3", "6"), CliRun.run("cat",
        dir.resolve("sharded-00000-of-00003.pp_recordio").toString()).expect(0).lines());
    assertEquals(List.of("2", "5"), CliRun.run("cat",
        dir.resolve("sharded-00002-of-00003.pp_recordio").toString()).expect(0).lines());
    assertEquals("7\n", CliRun.run("count", spec).expect(0).stdout());
  }

  @Test
  void dashWritesToStandardOutput() throws Exception {
    byte[] file = CliRun.run("a\nb\n".getBytes(StandardCharsets.UTF_8), "write", "-")
        .expect(0).stdoutBytes();
    List<String> got = new ArrayList<>();
    try (PPRecordReader r = PPRecordReader.open(Channels.newChannel(
        new java.io.ByteArrayInputStream(file)), "stdout", 0, Long.MAX_VALUE,
        ReaderOptions.defaults(), null)) {
      while (r.advance()) {
        got.add(utf8(r.record()));
      }
    }
    assertEquals(List.of("a", "b"), got);
  }

  @Test
  void refusesToWriteBinaryRecordsToATerminal() {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
    Io terminal = new Io(new java.io.ByteArrayInputStream("a\n".getBytes(StandardCharsets.UTF_8)),
        out, new java.io.PrintStream(err, true, StandardCharsets.UTF_8), false, true, false, 0);
    assertEquals(2, Cli.run(terminal, "write", "-"));
    assertEquals(0, out.size());
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith(
        "pprecordio write: refusing to write binary records to a terminal"));
  }

  @Test
  void emptyInputWritesAValidEmptyFile() throws Exception {
    Path out = dir.resolve("empty.pp");
    CliRun.run("write", out.toString()).expect(0);
    assertEquals(0, Files.size(out));
    assertEquals("0\n", CliRun.run("count", out.toString()).expect(0).stdout());
  }

  @Test
  void mistakesLeaveNoOutputBehind() throws Exception {
    Path out = dir.resolve("out.pp");
    CliRun.run("write", "--v1", "--codec", "zstd", out.toString())
        .expectOneLineError(2, "pprecordio write",
            "--codec zstd with --v1: v1 frames cannot hold zstd records");
    CliRun.run("write", "--codec", "lz4", out.toString())
        .expectOneLineError(2, "pprecordio write", "'lz4' is not a codec");
    CliRun.run("write", "--level", "3", out.toString())
        .expectOneLineError(2, "pprecordio write", "--level needs --codec");
    CliRun.run("write", "--codec", "gzip", "--level", "12", out.toString())
        .expectOneLineError(2, "pprecordio write", "gzip levels run from 0 to 9");
    CliRun.run("write", "--files", out.toString(), dir.resolve("absent.bin").toString())
        .expectOneLineError(2, "pprecordio write", "absent.bin: no such file");
    CliRun.run(("one\n" + dir.resolve("gone.bin") + "\n").getBytes(StandardCharsets.UTF_8),
        "write", "--files", out.toString())
        .expectOneLineError(2, "pprecordio write", "one: no such file");
    CliRun.run("write", dir.toString())
        .expectOneLineError(2, "pprecordio write", "is a directory");
    CliRun.run("write").expectOneLineError(2, "pprecordio write", "Missing required parameter");
    assertFalse(Files.exists(out));
    try (Stream<Path> left = Files.list(dir)) {
      assertEquals(List.of(), left.toList(), "temporary files left behind");
    }
  }

  /** Like cp, write creates files, never directories: a mistyped directory is an error. */
  @Test
  void aMissingDirectoryIsRefusedNotCreated() throws Exception {
    byte[] lines = "a\nb\n".getBytes(StandardCharsets.UTF_8);
    Path missing = dir.resolve("no/such/dir");
    CliRun.run(lines, "write", missing.resolve("out.pp").toString())
        .expectOneLineError(2, "pprecordio write", missing.resolve("out.pp")
            + ": cannot write: directory " + missing + " does not exist");
    CliRun.run(lines, "write", missing.resolve("out@2").toString())
        .expectOneLineError(2, "pprecordio write", "cannot write: directory " + missing
            + " does not exist");
    assertFalse(Files.exists(dir.resolve("no")));
    Path in = dir.resolve("in.pp");
    CliRun.run(lines, "write", in.toString()).expect(0);
    CliRun.run("recover", in.toString(), missing.resolve("r.pp").toString())
        .expectOneLineError(2, "pprecordio recover", "does not exist");
    assertFalse(Files.exists(dir.resolve("no")));
  }

  @Test
  void anExistingFileIsReplacedOnlyWhenTheWriteSucceeds() throws Exception {
    Path out = dir.resolve("out.pp");
    CliRun.run("old\n".getBytes(StandardCharsets.UTF_8), "write", out.toString()).expect(0);
    CliRun.run("write", "--files", out.toString(), dir.resolve("absent").toString()).expect(2);
    assertEquals(List.of("old"), CliRun.run("cat", out.toString()).expect(0).lines());
    CliRun.run("new\n".getBytes(StandardCharsets.UTF_8), "write", out.toString()).expect(0);
    assertEquals(List.of("new"), CliRun.run("cat", out.toString()).expect(0).lines());
    assertTrue(Files.isRegularFile(out));
  }
}
