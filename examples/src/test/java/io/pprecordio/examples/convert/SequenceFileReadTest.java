package io.pprecordio.examples.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.SequenceFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SequenceFiles cut into many small ranges: every record is read exactly once, whatever the cut,
 * for uncompressed, record- and block-compressed files.
 */
class SequenceFileReadTest {
  @TempDir
  Path dir;

  @Test
  void smallRangesReadEveryRecordOnce() throws Exception {
    List<String> expected = new ArrayList<>();
    HexFormat hex = HexFormat.of();
    SequenceFile.CompressionType[] types = SequenceFile.CompressionType.values();
    for (int f = 0; f < types.length; f++) {
      List<LongWritable> keys = new ArrayList<>();
      List<BytesWritable> values = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        byte[] v = ("file " + f + " record " + i + " " + "y".repeat(i % 97))
            .getBytes(StandardCharsets.UTF_8);
        keys.add(new LongWritable(i));
        values.add(new BytesWritable(v));
        expected.add(hex.formatHex(v));
      }
      Datasets.writeSequenceFile(dir.resolve("f" + f + ".seq"), LongWritable.class, keys, values,
          types[f]);
    }
    long smallest = Long.MAX_VALUE;
    for (int f = 0; f < types.length; f++) {
      smallest = Math.min(smallest, Files.size(dir.resolve("f" + f + ".seq")));
    }
    // Ranges of a prime number of bytes land at every kind of position in the records.
    long splitBytes = 1009;
    org.junit.jupiter.api.Assertions.assertTrue(smallest > 10 * splitBytes);

    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    PCollection<String> read = p
        .apply(Create.of(dir + "/f*.seq").withCoder(StringUtf8Coder.of()))
        .apply(FileIO.matchAll())
        .apply(new SequenceFileRead(splitBytes))
        .apply(MapElements.into(TypeDescriptors.strings()).via((byte[] r) -> HexFormat.of().formatHex(r)));
    PAssert.that(read).containsInAnyOrder(expected);
    p.run().waitUntilFinish();
    assertEquals(6000, expected.size());
  }
}
