namespace NeuralNet.Data;

/// <summary>
/// Splits RFC 4180 text into records of fields, one record at a time, within fixed limits.
/// </summary>
/// <remarks>
/// <para>
/// A field in double quotes may hold the separator, line breaks and doubled quotes (<c>""</c> for one
/// <c>"</c>); after its closing quote only a separator or a line end may follow. A quote inside an
/// unquoted field is an ordinary character. Records end at <c>\n</c>, <c>\r\n</c> or <c>\r</c>; blank
/// lines are skipped. Line numbers count the line breaks inside quoted fields too.
/// </para>
/// <para>
/// The current record always lies whole in one character buffer, so fields are spans into it (a
/// field with doubled quotes is unescaped into a second buffer). The buffer grows only while a
/// record does not fit, up to <c>maxRecordLength</c>; more fields than <c>maxColumns</c>, a longer
/// record, or a quote still open at the end are <see cref="InvalidDataException"/>s.
/// </para>
/// </remarks>
internal sealed partial class CsvRecordReader
{
    private const int InitialBuffer = 1 << 16;

    private readonly TextReader _reader;
    private readonly string _source;
    private readonly int _maxRecordLength;
    private readonly int _maxColumns;
    private char[] _buffer;
    private int _start;   // where the next record starts
    private int _end;     // end of the characters read so far
    private bool _eof;
    private long _nextLine = 1;
    private char[] _scratch = new char[256];
    private int _scratchLength;
    private int[] _fieldStart = new int[32];
    private int[] _fieldLength = new int[32];
    private bool[] _fieldUnescaped = new bool[32];
    private bool _pendingInQuotes;

    public CsvRecordReader(TextReader reader, string source, int maxRecordLength, int maxColumns)
    {
        _reader = reader;
        _source = source;
        _maxRecordLength = maxRecordLength;
        _maxColumns = maxColumns;
        _buffer = new char[Math.Min(InitialBuffer, maxRecordLength)];
    }

    /// <summary>The separator between fields; set before the first <see cref="Read"/>.</summary>
    public char Separator { get; set; } = ',';

    /// <summary>The number of fields of the current record.</summary>
    public int FieldCount { get; private set; }

    /// <summary>The line on which the current record starts (1-based).</summary>
    public long Line { get; private set; }

    /// <summary>Field <paramref name="index"/> of the current record, quotes removed.</summary>
    public ReadOnlySpan<char> this[int index] => _fieldUnescaped[index]
        ? _scratch.AsSpan(_fieldStart[index], _fieldLength[index])
        : _buffer.AsSpan(_fieldStart[index], _fieldLength[index]);

    /// <summary>
    /// The separator that occurs most often outside quotes on the first line, among <c>,</c>,
    /// <c>;</c> and tab (ties in that order); a comma when none occurs. Reads nothing away.
    /// </summary>
    public char DetectSeparator()
    {
        while (!_eof && _buffer.AsSpan(_start, _end - _start).IndexOfAny('\n', '\r') < 0 && _end - _start < _maxRecordLength)
        {
            Fill();
        }

        int commas = 0, semicolons = 0, tabs = 0;
        bool quoted = false;
        foreach (char c in _buffer.AsSpan(_start, _end - _start))
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted)
            {
                if (c is '\n' or '\r')
                {
                    break;
                }

                commas += c == ',' ? 1 : 0;
                semicolons += c == ';' ? 1 : 0;
                tabs += c == '\t' ? 1 : 0;
            }
        }

        return semicolons > commas && semicolons >= tabs ? ';' : tabs > commas && tabs > semicolons ? '\t' : ',';
    }

    /// <summary>Moves to the next non-blank record; false at the end of the text.</summary>
    public bool Read()
    {
        while (true)
        {
            if (_start == _end && !Fill())
            {
                return false;
            }

            int consumed = TryParseRecord(out int newlines);
            if (consumed < 0)
            {
                Fill(); // more text, or the end marked so that the next parse completes the record
                continue;
            }

            _start = consumed;
            Line = _nextLine;
            _nextLine += 1 + newlines;
            if (FieldCount == 1 && !_fieldUnescaped[0] && this[0].IsWhiteSpace() && !StartsWithQuote())
            {
                continue; // a blank line
            }

            return true;
        }
    }

    private bool StartsWithQuote() => _fieldStart[0] > 0 && _buffer[_fieldStart[0] - 1] == '"';

    /// <summary>
    /// Parses the record at <see cref="_start"/>; returns the index just past it, or −1 when the
    /// buffer ends inside it and more text may follow.
    /// </summary>
    private int TryParseRecord(out int newlines)
    {
        char[] buffer = _buffer;
        char separator = Separator;
        int pos = _start;
        newlines = 0;
        FieldCount = 0;
        _scratchLength = 0;
        _pendingInQuotes = false;

        // The common case first: a whole line without quotes, found with one search and split on the separator.
        int lineLength = buffer.AsSpan(pos, _end - pos).IndexOfAny('\n', '\r', '"');
        if (lineLength >= 0 && buffer[pos + lineLength] != '"')
        {
            ReadOnlySpan<char> line = buffer.AsSpan(pos, lineLength);
            int from = 0;
            for (int length; (length = line[from..].IndexOf(separator)) >= 0; from += length + 1)
            {
                AddFieldChecked(pos + from, length);
            }

            AddFieldChecked(pos + from, lineLength - from);
            return EndOfLine(pos + lineLength);
        }

        while (true)
        {
            if (FieldCount == _maxColumns)
            {
                throw TooManyColumns();
            }

            if (pos < _end && buffer[pos] == '"')
            {
                int content = pos + 1, scan = content;
                bool escaped = false;
                int close;
                while (true)
                {
                    int quote = buffer.AsSpan(scan, _end - scan).IndexOf('"');
                    if (quote < 0 || (scan + quote + 1 == _end && !_eof))
                    {
                        if (_eof)
                        {
                            throw new InvalidDataException(
                                $"{_source} line {_nextLine + newlines}: a quoted field opens there and is never closed; is a quote missing?");
                        }

                        _pendingInQuotes = true;
                        return -1;
                    }

                    scan += quote;
                    if (scan + 1 < _end && buffer[scan + 1] == '"')
                    {
                        escaped = true;
                        scan += 2;
                        continue;
                    }

                    close = scan;
                    break;
                }

                newlines += buffer.AsSpan(content, close - content).Count('\n');
                AddField(content, close - content, escaped);
                pos = close + 1;
                if (pos == _end)
                {
                    return pos; // only reached at the end of the text
                }

                char next = buffer[pos];
                if (next == separator)
                {
                    pos++;
                    continue;
                }

                if (next is not ('\n' or '\r'))
                {
                    throw new InvalidDataException(
                        $"{_source} line {_nextLine + newlines}: '{next}' follows the closing quote of field {FieldCount}; only a separator or a line end may.");
                }
            }
            else
            {
                int length = buffer.AsSpan(pos, _end - pos).IndexOfAny(separator, '\n', '\r');
                if (length < 0)
                {
                    if (!_eof)
                    {
                        return -1;
                    }

                    AddField(pos, _end - pos, escaped: false);
                    return _end;
                }

                AddField(pos, length, escaped: false);
                pos += length;
                if (buffer[pos] == separator)
                {
                    pos++;
                    continue;
                }
            }

            return EndOfLine(pos);
        }
    }
}
