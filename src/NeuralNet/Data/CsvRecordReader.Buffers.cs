namespace NeuralNet.Data;

/// <summary>The record reader's bookkeeping: line ends, field slots, unescaping and the growing buffer.</summary>
internal sealed partial class CsvRecordReader
{
    /// <summary>Past the line end at <paramref name="pos"/> (\n, \r\n or \r); −1 when a \r ends the buffer and a \n may follow.</summary>
    private int EndOfLine(int pos)
    {
        if (_buffer[pos] == '\n')
        {
            return pos + 1;
        }

        if (pos + 1 < _end)
        {
            return _buffer[pos + 1] == '\n' ? pos + 2 : pos + 1;
        }

        return _eof ? pos + 1 : -1;
    }

    private void AddFieldChecked(int start, int length)
    {
        if (FieldCount == _maxColumns)
        {
            throw TooManyColumns();
        }

        AddField(start, length, escaped: false);
    }

    private InvalidDataException TooManyColumns() =>
        new($"{_source} line {_nextLine} has more than {_maxColumns} columns, the limit (CsvOptions.MaxColumns).");

    private void AddField(int start, int length, bool escaped)
    {
        int index = FieldCount;
        if (index == _fieldStart.Length)
        {
            int size = Math.Min(index * 2, _maxColumns);
            Array.Resize(ref _fieldStart, size);
            Array.Resize(ref _fieldLength, size);
            Array.Resize(ref _fieldUnescaped, size);
        }

        if (escaped)
        {
            // Copy with each "" made one ", into the scratch buffer (which grows with the record at most).
            if (_scratch.Length < _scratchLength + length)
            {
                Array.Resize(ref _scratch, Math.Max(_scratch.Length * 2, _scratchLength + length));
            }

            int from = _scratchLength;
            ReadOnlySpan<char> text = _buffer.AsSpan(start, length);
            for (int i = 0; i < text.Length; i++)
            {
                _scratch[_scratchLength++] = text[i];
                if (text[i] == '"')
                {
                    i++; // skip the second quote of the pair
                }
            }

            start = from;
            length = _scratchLength - from;
        }

        _fieldStart[index] = start;
        _fieldLength[index] = length;
        _fieldUnescaped[index] = escaped;
        FieldCount = index + 1;
    }

    /// <summary>Moves the unread text to the front, grows the buffer if a record fills it, and reads more.</summary>
    private bool Fill()
    {
        if (_eof)
        {
            return false;
        }

        int pending = _end - _start;
        if (pending == _buffer.Length)
        {
            if (_buffer.Length >= _maxRecordLength)
            {
                throw new InvalidDataException(_pendingInQuotes
                    ? $"{_source} line {_nextLine}: a quoted field opens there and does not close within {_maxRecordLength} characters (CsvOptions.MaxRecordLength); is a quote missing?"
                    : $"{_source} line {_nextLine} does not end within {_maxRecordLength} characters (CsvOptions.MaxRecordLength).");
            }

            Array.Resize(ref _buffer, (int)Math.Min(2L * _buffer.Length, _maxRecordLength));
        }
        else if (_start > 0)
        {
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
        }

        _start = 0;
        _end = pending;
        int read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return pending > 0;
        }

        _end += read;
        return true;
    }
}
