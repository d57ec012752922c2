using System.Globalization;
using System.Text;

namespace NeuralNet.Layers;

/// <summary>A printable table of the network, like Keras' <c>model.summary()</c>.</summary>
public sealed partial class Sequential
{
    /// <summary>
    /// A table of the layers — position, layer, output shape, parameter count — and the totals,
    /// trainable and not (a <see cref="Standardization"/> layer's statistics and a <see cref="BatchNorm"/> layer's running statistics are stored but not trained).
    /// </summary>
    /// <returns>The table, one line per layer, with a header and a totals block.</returns>
    /// <example><code>
    /// Console.WriteLine(model.Summary());
    /// //  #  layer                 output shape     parameters
    /// //  0  Standardization(4)    [batch, 4]        8 (not trained)
    /// //  1  Dense(4→16)           [batch, 16]      80
    /// //  ...
    /// </code></example>
    public string Summary()
    {
        var rows = new List<(string Index, string Layer, string Shape, string Parameters)>();
        long trainable = 0, stored = 0;
        string width = InputSize?.ToString(CultureInfo.InvariantCulture) ?? "?";
        for (int i = 0; i < _layers.Length; i++)
        {
            Layer layer = _layers[i];
            if (Width(layer) is (_, int outputs))
            {
                width = outputs.ToString(CultureInfo.InvariantCulture);
            }

            long learned = layer.Parameters.Sum(p => (long)p.Value.Length);
            long fixedValues = (layer is Standardization s ? 2L * s.Features : 0) + layer.Buffers.Sum(b => (long)b.Value.Length);
            trainable += learned;
            stored += fixedValues;
            string count = (learned, fixedValues) switch
            {
                (_, 0) => learned.ToString("N0", CultureInfo.InvariantCulture),
                (0, _) => string.Create(CultureInfo.InvariantCulture, $"{fixedValues:N0} (not trained)"),
                _ => string.Create(CultureInfo.InvariantCulture, $"{learned:N0} + {fixedValues:N0} not trained"),
            };
            rows.Add((i.ToString(CultureInfo.InvariantCulture), layer.Name, $"[batch, {width}]", count));
        }

        int indexWidth = Math.Max(1, rows.Max(r => r.Index.Length));
        int layerWidth = Math.Max("layer".Length, rows.Max(r => r.Layer.Length));
        int shapeWidth = Math.Max("output shape".Length, rows.Max(r => r.Shape.Length));
        var text = new StringBuilder();
        void Line(string index, string name, string shape, string parameters) =>
            text.Append(index.PadLeft(indexWidth)).Append("  ").Append(name.PadRight(layerWidth)).Append("  ")
                .Append(shape.PadRight(shapeWidth)).Append("  ").Append(parameters).Append('\n');

        Line("#", "layer", "output shape", "parameters");
        foreach (var row in rows)
        {
            Line(row.Index, row.Layer, row.Shape, row.Parameters);
        }

        text.Append(string.Create(CultureInfo.InvariantCulture, $"trainable parameters: {trainable:N0}\n"));
        text.Append(string.Create(CultureInfo.InvariantCulture, $"stored, not trained:  {stored:N0}\n"));
        text.Append(string.Create(CultureInfo.InvariantCulture, $"total:                {trainable + stored:N0} values, {(trainable + stored) * sizeof(float):N0} bytes of float32\n"));
        return text.ToString();
    }
}
