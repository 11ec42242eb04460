package io.pprecordio.hadoop;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What the test jobs write for each record they read: the file name, the key (frame offset) and
 * the payload, so the output can be checked record by record against the input.
 */
final class Tags {
  private Tags() {}

  static byte[] encode(String file, long offset, byte[] payload, int length) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(length + 64);
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeUTF(file);
      out.writeLong(offset);
      out.write(payload, 0, length);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Rec decode(byte[] tagged) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(tagged));
      String file = in.readUTF();
      long offset = in.readLong();
      return new Rec(file, offset, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
