using NeuralNet.Tensors;

namespace NeuralNet.Data;

/// <summary>
/// Small classic datasets embedded in the library, so that examples and tests run with no download.
/// </summary>
/// <remarks>
/// Every method parses the embedded data afresh and returns a new <see cref="Dataset"/> that the
/// caller owns. Features are <b>raw</b>, as published, not standardised: fit a
/// <see cref="Standardizer"/> on the training split only and apply it to every split.
/// </remarks>
public static class Datasets
{
    private const string ResourcePrefix = "NeuralNet.Data.Resources.";

    /// <summary>The class names of <see cref="Digits"/>: "0" to "9", in label order.</summary>
    public static IReadOnlyList<string> DigitsClassNames { get; } =
        Array.AsReadOnly(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);

    /// <summary>The class names of <see cref="Iris"/>, in label order: setosa, versicolor, virginica.</summary>
    public static IReadOnlyList<string> IrisClassNames { get; } =
        Array.AsReadOnly(["setosa", "versicolor", "virginica"]);

    /// <summary>The class names of <see cref="Wine"/>, in label order: class_0, class_1, class_2 (three cultivars).</summary>
    public static IReadOnlyList<string> WineClassNames { get; } =
        Array.AsReadOnly(["class_0", "class_1", "class_2"]);

    /// <summary>The class names of <see cref="BreastCancer"/>, by target value: malignant (0), benign (1).</summary>
    public static IReadOnlyList<string> BreastCancerClassNames { get; } =
        Array.AsReadOnly(["malignant", "benign"]);

    /// <summary>Hand-written digits: 1797 images of 8×8 pixels, 10 classes.</summary>
    /// <returns>
    /// Features [1797, 64]: pixel counts 0–16, row by row. Targets [1797, 10]: one-hot digit
    /// (names in <see cref="DigitsClassNames"/>), for softmax with categorical cross-entropy.
    /// </returns>
    /// <remarks>
    /// Source: UCI Machine Learning Repository, "Optical Recognition of Handwritten Digits"
    /// (E. Alpaydin, C. Kaynak, 1998), its test part. Licence: CC BY 4.0.
    /// </remarks>
    public static Dataset Digits() => LoadClassification("digits.csv.gz", 1797, 64, DigitsClassNames, hasHeader: false);

    /// <summary>Fisher's iris flowers: 150 samples, 4 measurements, 3 species.</summary>
    /// <returns>
    /// Features [150, 4]: sepal length, sepal width, petal length, petal width, in cm. Targets
    /// [150, 3]: one-hot species (names in <see cref="IrisClassNames"/>), 50 of each.
    /// </returns>
    /// <remarks>
    /// Source: R. A. Fisher, "The use of multiple measurements in taxonomic problems" (1936), via
    /// the UCI Machine Learning Repository. Licence: public domain / CC BY 4.0.
    /// </remarks>
    public static Dataset Iris() => LoadClassification("iris.csv.gz", 150, 4, IrisClassNames, hasHeader: true);

    /// <summary>Wines from three cultivars: 178 samples, 13 chemical measurements, 3 classes.</summary>
    /// <returns>
    /// Features [178, 13]: alcohol, malic acid, ash, alcalinity of ash, magnesium, total phenols,
    /// flavanoids, non-flavanoid phenols, proanthocyanins, colour intensity, hue, OD280/OD315 of
    /// diluted wines, proline. Targets [178, 3]: one-hot cultivar (names in <see cref="WineClassNames"/>).
    /// </returns>
    /// <remarks>
    /// The features span very different scales (hue about 1, proline about 1000): standardise them.
    /// Source: UCI Machine Learning Repository, "Wine". Licence: CC BY 4.0.
    /// </remarks>
    public static Dataset Wine() => LoadClassification("wine_data.csv.gz", 178, 13, WineClassNames, hasHeader: true);

    /// <summary>Breast cancer diagnosis: 569 samples, 30 features of cell nuclei, binary target.</summary>
    /// <returns>
    /// Features [569, 30]: mean, standard error and worst value of ten nucleus measurements (radius,
    /// texture, perimeter, area, smoothness, compactness, concavity, concave points, symmetry, fractal
    /// dimension). Targets [569, 1]: 0 for malignant, 1 for benign (<see cref="BreastCancerClassNames"/>),
    /// one column for a sigmoid output with binary cross-entropy.
    /// </returns>
    /// <remarks>
    /// Source: UCI Machine Learning Repository, "Breast Cancer Wisconsin (Diagnostic)",
    /// W. H. Wolberg, W. N. Street, O. L. Mangasarian (1995). Licence: CC BY 4.0.
    /// </remarks>
    public static Dataset BreastCancer()
    {
        (Tensor features, int[] labels) = LoadTable("breast_cancer.csv.gz", 569, 30, BreastCancerClassNames, hasHeader: true);
        var targets = new Tensor(labels.Length, 1);
        for (int i = 0; i < labels.Length; i++)
        {
            targets[i, 0] = labels[i];
        }

        return new Dataset(features, targets) { ClassNames = BreastCancerClassNames };
    }

    /// <summary>Diabetes progression: 442 patients, 10 baseline variables, a regression target.</summary>
    /// <returns>
    /// Features [442, 10]: age, sex (1 or 2), body-mass index, mean blood pressure and six blood-serum
    /// measurements s1–s6, raw (unlike the centred and scaled copy some libraries ship). Targets
    /// [442, 1]: a measure of disease progression one year after baseline, from 25 to 346, raw.
    /// </returns>
    /// <remarks>
    /// For a network with an identity output and mean squared error, standardise the features and
    /// consider scaling the target too. Source: B. Efron, T. Hastie, I. Johnstone, R. Tibshirani,
    /// "Least Angle Regression", Annals of Statistics 32(2), 2004; the data was published with the
    /// paper, which states no licence.
    /// </remarks>
    public static Dataset Diabetes()
    {
        Tensor features = ReadResource("diabetes_data_raw.csv.gz", hasHeader: false);
        Tensor targets = ReadResource("diabetes_target.csv.gz", hasHeader: false);
        EnsureShape("diabetes_data_raw.csv.gz", features, 442, 10);
        EnsureShape("diabetes_target.csv.gz", targets, 442, 1);
        return new Dataset(features, targets);
    }

    private static Dataset LoadClassification(
        string file, int samples, int featureCount, IReadOnlyList<string> classNames, bool hasHeader)
    {
        (Tensor features, int[] labels) = LoadTable(file, samples, featureCount, classNames, hasHeader);
        return Dataset.FromLabels(features, labels, classNames);
    }

    /// <summary>Reads a table whose last column is the class label and splits off the labels.</summary>
    private static (Tensor Features, int[] Labels) LoadTable(
        string file, int samples, int featureCount, IReadOnlyList<string> classNames, bool hasHeader)
    {
        Tensor table = hasHeader
            ? ReadResource(file, $"{samples},{featureCount},{string.Join(',', classNames)}")
            : ReadResource(file, hasHeader: false);
        EnsureShape(file, table, samples, featureCount + 1);

        var features = new Tensor(samples, featureCount);
        int[] labels = new int[samples];
        for (int r = 0; r < samples; r++)
        {
            Span<float> row = table.Row(r);
            row[..featureCount].CopyTo(features.Row(r));
            float label = row[featureCount];
            if (label != MathF.Round(label) || label < 0 || label >= classNames.Count)
            {
                throw new InvalidDataException(
                    $"Embedded {file}: row {r} has label {label}; labels must be whole numbers in [0, {classNames.Count - 1}].");
            }

            labels[r] = (int)label;
        }

        return (features, labels);
    }

    /// <summary>Reads an embedded table whose first line must equal <paramref name="expectedHeader"/>.</summary>
    private static Tensor ReadResource(string file, string expectedHeader)
    {
        using var reader = new StreamReader(OpenResource(file));
        string? header = reader.ReadLine();
        if (header != expectedHeader)
        {
            throw new InvalidDataException(
                $"Embedded {file}: header line is '{header}'; expected '{expectedHeader}'.");
        }

        return CsvReader.Parse(reader, skipHeader: false, "Embedded " + file, firstLineNumber: 2);
    }

    private static Tensor ReadResource(string file, bool hasHeader)
    {
        using var reader = new StreamReader(OpenResource(file));
        return CsvReader.Parse(reader, hasHeader, "Embedded " + file);
    }

    private static Stream OpenResource(string file)
    {
        Stream resource = typeof(Datasets).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException(
                $"The embedded resource {ResourcePrefix + file} is missing; the NeuralNet assembly was built without its datasets.");
        return GzipCheckedStream.Open(resource, "Embedded " + file);
    }

    private static void EnsureShape(string file, Tensor table, int rows, int columns)
    {
        if (table.Rows != rows || table.Columns != columns)
        {
            throw new InvalidDataException(
                $"Embedded {file} has shape {table.ShapeText}; expected [{rows}, {columns}].");
        }
    }
}
