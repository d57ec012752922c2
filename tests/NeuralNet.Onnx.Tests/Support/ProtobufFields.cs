using System.Text;

namespace NeuralNet.Onnx.Tests.Support;

/// <summary>
/// A minimal protobuf reader for the tests: the top-level fields of one message, for checking
/// what ONNX Runtime's API does not show (IR version, operator sets, producer version).
/// </summary>
internal static class ProtobufFields
{
    /// <summary>Each field in order: its number, and its varint value or its length-delimited bytes.</summary>
    public static List<(int Field, ulong Varint, byte[]? Bytes)> Read(byte[] message)
    {
        var fields = new List<(int, ulong, byte[]?)>();
        int position = 0;
        while (position < message.Length)
        {
            ulong key = ReadVarint(message, ref position);
            int field = (int)(key >> 3), wireType = (int)(key & 7);
            switch (wireType)
            {
                case 0:
                    fields.Add((field, ReadVarint(message, ref position), null));
                    break;
                case 2:
                    int length = checked((int)ReadVarint(message, ref position));
                    fields.Add((field, 0, message[position..(position + length)]));
                    position += length;
                    break;
                default:
                    throw new InvalidDataException($"Unexpected wire type {wireType} for field {field} at byte {position}.");
            }
        }

        return fields;
    }

    public static ulong Varint(byte[] message, int field) => Read(message).Single(f => f.Field == field).Varint;

    public static string String(byte[] message, int field) => Encoding.UTF8.GetString(Read(message).Single(f => f.Field == field).Bytes!);

    public static byte[] Message(byte[] message, int field) => Read(message).Single(f => f.Field == field).Bytes!;

    private static ulong ReadVarint(byte[] data, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; ; shift += 7)
        {
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
