package io.pprecordio.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pprecordio.Codec;
import io.pprecordio.PPRecordReader;
import io.pprecordio.PPRecordWriter;
import io.pprecordio.WriterOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written in block mode by {@code write}, read back by cat, get, count and index. */
class BlockModeCommandsTest {
  @TempDir
  Path dir;

  private static byte[] jsonLines(int from, int to) {
    StringBuilder sb = new StringBuilder();
    for (int i = from; i < to; i++) {
      sb.append("{\"id\":").append(i).append(",\"user\":\"u").append(i % 37).append("\"}\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> lines(byte[] text) {
    return List.of(new String(text, StandardCharsets.UTF_8).split("\n"));
  }

  /** How many records each frame holds, frame by frame. */
  private static List<Integer> recordsPerFrame(Path f) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (PPRecordReader r = PPRecordReader.open(f)) {
      while (r.advance()) {
        if (r.indexInBlock() == 0) {
          out.add(r.recordsInFrame());
        }
      }
    }
    return out;
  }

  @Test
  void statCountsFramesAndBlockFrames() throws Exception {
    Path blocks = dir.resolve("stat-blocks.pp");
    CliRun.run(jsonLines(0, 100), "write", "--codec", "zstd", "--block-records", "30",
        blocks.toString()).expect(0);
    java.util.Map<String, Object> json = JsonTree.object(
        CliRun.run("stat", "--json", blocks.toString()).expect(0).stdout());
    assertEquals(100L, json.get("records"));
    assertEquals(4L, json.get("frames"));
    assertEquals(4L, json.get("block_frames"));
    List<String> text = CliRun.run("stat", blocks.toString()).expect(0).lines();
    assertTrue(text.contains("frames:           4 (4 block frames)"), text.toString());

    Path plain = dir.resolve("stat-plain.pp");
    CliRun.run(jsonLines(0, 10), "write", plain.toString()).expect(0);
    json = JsonTree.object(CliRun.run("stat", "--json", plain.toString()).expect(0).stdout());
    assertEquals(10L, json.get("frames"));
    assertEquals(0L, json.get("block_frames"));
    assertTrue(CliRun.run("stat", plain.toString()).expect(0).lines()
        .contains("frames:           10"));
  }

  @Test
  void writeInBlockModeReadsBackWithEveryCommand() throws Exception {
    byte[] input = jsonLines(0, 500);
    Path blocks = dir.resolve("blocks.pp");
    Path plain = dir.resolve("plain.pp");
    CliRun.run(input, "write", "--codec", "zstd", "--block-records", "64", blocks.toString())
        .expect(0);
    CliRun.run(input, "write", "--codec", "zstd", plain.toString()).expect(0);
    List<Integer> frames = recordsPerFrame(blocks);
    assertEquals(List.of(64, 64, 64, 64, 64, 64, 64, 52), frames);
    assertTrue(Files.size(blocks) * 3 < Files.size(plain),
        Files.size(blocks) + " bytes in blocks, " + Files.size(plain) + " per record");

    assertEquals(lines(input), CliRun.run("cat", blocks.toString()).expect(0).lines());
    assertEquals("500\n", CliRun.run("count", blocks.toString()).expect(0).stdout());
    assertEquals(List.of(blocks + ": 500 records -> blocks.pp.ppidx"),
        CliRun.run("index", blocks.toString()).expect(0).lines());
    assertEquals("pprecordio count: " + blocks
        + ": 500 records, from its record index blocks.pp.ppidx\n",
        CliRun.run("count", "-v", blocks.toString()).expect(0).stderr());
    assertEquals(List.of(lines(input).get(70), lines(input).get(3), lines(input).get(499)),
        CliRun.run("get", blocks.toString(), "70", "3", "499").expect(0).lines());

    // Addresses: a block's first record has its frame's offset, the others #index after it.
    List<String> addressed = CliRun.run("cat", "-o", blocks.toString()).expect(0).lines();
    assertTrue(addressed.get(0).startsWith("0\t"), addressed.get(0));
    assertTrue(addressed.get(1).startsWith("0#1\t"), addressed.get(1));
    assertTrue(addressed.get(64).matches("[1-9][0-9]*\t.*"), addressed.get(64));
  }

  @Test
  void getAndCatRecordsMatchAWholeReadOfAMixedDamagedBlockFile() throws Exception {
    Random rnd = new Random(21);
    Path f = dir.resolve("mixed.pp");
    // Blocks of several sizes and codecs, single-record frames between them.
    WriterOptions[] kinds = {
      WriterOptions.defaults().withCodec(Codec.ZSTD).withBlock(16, 1 << 20),
      WriterOptions.defaults(),
      WriterOptions.defaults().withCodec(Codec.GZIP).withBlock(5, 200),
      WriterOptions.defaults().withBlock(40, 4096),
    };
    int written = 0;
    for (int round = 0; round < 8; round++) {
      try (PPRecordWriter w = round == 0
          ? PPRecordWriter.create(f, kinds[round % kinds.length])
          : PPRecordWriter.append(f, kinds[round % kinds.length])) {
        int count = 1 + rnd.nextInt(50);
        for (int i = 0; i < count; i++) {
          w.write(("r" + written++ + "-" + "x".repeat(rnd.nextInt(30)))
              .getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    List<String> before = CliRun.run("cat", "-o", "-f", "hex", f.toString()).expect(0).lines();
    assertEquals(written, before.size());
    // Damage one block in the middle: it costs exactly its records.
    String victim = before.get(written / 2).split("\t")[0];
    long frame = Long.parseLong(victim.split("#")[0]);
    TestFiles.flip(f, frame + 45);
    List<String> all = CliRun.run("cat", "-q", "-o", "-f", "hex", f.toString()).expect(0)
        .lines();
    assertTrue(all.size() < written - 1, all.size() + " of " + written);

    CliRun.run("index", f.toString()).expect(0);
    List<String> args = new ArrayList<>(List.of("get", "-o", "-f", "hex", f.toString()));
    for (int n = 0; n < all.size(); n++) {
      args.add(Integer.toString(n));
    }
    assertEquals(all, CliRun.run(args.toArray(new String[0])).expect(0).lines());
    for (int n = 0; n < all.size(); n += 7) {
      assertEquals(List.of(all.get(n)), CliRun.run("get", "-o", "-f", "hex", f.toString(),
          Integer.toString(n)).expect(0).lines(), "record " + n);
    }

    // Slices that start and end inside blocks, with the index and without.
    int n = all.size();
    for (boolean withIndex : new boolean[] {true, false}) {
      if (!withIndex) {
        Files.delete(dir.resolve("mixed.pp.ppidx"));
      }
      for (int trial = 0; trial < 15; trial++) {
        int a = rnd.nextInt(n + 2);
        int b = a + rnd.nextInt(n + 2 - a);
        assertEquals(all.subList(Math.min(a, n), Math.min(b, n)),
            CliRun.run("cat", "-q", "--records", a + ":" + b, "-o", "-f", "hex", f.toString())
                .expect(0).lines(), a + ":" + b + (withIndex ? " with" : " without") + " index");
      }
    }
  }

  @Test
  void blockOptionsAreCheckedByCoreAndNamed() throws Exception {
    byte[] input = jsonLines(0, 3);
    Path f = dir.resolve("b.pp");
    CliRun.run(input, "write", "--block-records", "0", f.toString())
        .expectOneLineError(2, "pprecordio write", "--block-records 0: ");
    CliRun.run(input, "write", "--block-bytes", "1g", f.toString())
        .expectOneLineError(2, "pprecordio write", "--block-bytes 1073741824: ");
    CliRun.run(input, "write", "--block", "--v1", f.toString())
        .expectOneLineError(2, "pprecordio write", "--block with --v1: v1 frames cannot hold"
            + " blocks");
    // --block alone: core's default block size, so three records make one block.
    CliRun.run(input, "write", "--block", "--index", f.toString()).expect(0);
    assertEquals(List.of(3), recordsPerFrame(f));
    assertEquals(lines(input), CliRun.run("cat", f.toString()).expect(0).lines());

    // recover writes blocks too.
    Path r = dir.resolve("r.pp");
    CliRun.run("recover", "--codec", "zstd", "--block-bytes", "64k", f.toString(), r.toString())
        .expect(0);
    assertEquals(List.of(3), recordsPerFrame(r));
  }
}
