//! Writing one pretty-printed JSON document piece by piece, so the json and sarif formats
//! keep no result in memory: the opening is written first, each result as it comes (in input
//! order), then the closing. The output is byte for byte what `serde_json::to_writer_pretty`
//! would write for the whole document.

use serde::Serialize;
use std::fs::File;
use std::io::{self, BufWriter, Seek, Write};

/// Writes `value` pretty-printed (two-space indent) as if nested `depth` levels deep: every
/// line after the first is indented by `2 * depth` spaces. JSON strings hold no raw newline,
/// so every newline of the pretty form is a line break of the layout.
pub fn write_nested(out: &mut dyn Write, value: &impl Serialize, depth: usize) -> io::Result<()> {
    let pretty = serde_json::to_vec_pretty(value)?;
    let indent = "  ".repeat(depth);
    let mut rest = &pretty[..];
    while let Some(i) = memchr::memchr(b'\n', rest) {
        out.write_all(&rest[..=i])?;
        out.write_all(indent.as_bytes())?;
        rest = &rest[i + 1..];
    }
    out.write_all(rest)
}

/// The elements of one JSON array, written at `depth` (the depth of the array's elements),
/// each as it comes.
#[derive(Debug)]
pub struct Array {
    depth: usize,
    len: usize,
}

impl Array {
    /// An array whose elements sit `depth` levels deep; the caller has written the `[`.
    pub fn new(depth: usize) -> Self {
        Array { depth, len: 0 }
    }

    /// Writes one element.
    pub fn push(&mut self, out: &mut dyn Write, value: &impl Serialize) -> io::Result<()> {
        self.begin(out)?;
        write_nested(out, value, self.depth)
    }

    /// Starts an element the caller writes itself (at this array's depth).
    pub fn begin(&mut self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(if self.len == 0 { b"\n" } else { b",\n" })?;
        out.write_all("  ".repeat(self.depth).as_bytes())?;
        self.len += 1;
        Ok(())
    }

    /// Writes the closing `]` (on its own line when there were elements).
    pub fn close(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.len > 0 {
            out.write_all(b"\n")?;
            out.write_all("  ".repeat(self.depth - 1).as_bytes())?;
        }
        out.write_all(b"]")
    }
}

/// Up to this many bytes a spool stays in memory.
const IN_MEMORY: usize = 1 << 20;

/// An array that is written after the results (the json format's `errors`, SARIF's
/// notifications) but filled while they stream: kept in memory up to 1 MiB, then in an
/// anonymous temporary file (removed by the system when tact ends), so memory stays flat
/// however many inputs fail. If no temporary file can be made, it stays in memory.
pub struct Spool {
    array: Array,
    memory: Vec<u8>,
    file: Option<BufWriter<File>>,
}

impl Spool {
    /// A spool of the elements of an array at `depth`.
    pub fn new(depth: usize) -> Self {
        Spool { array: Array::new(depth), memory: Vec::new(), file: None }
    }

    /// Adds one element.
    pub fn push(&mut self, value: &impl Serialize) -> io::Result<()> {
        if let Some(f) = &mut self.file {
            return self.array.push(f, value);
        }
        self.array.push(&mut self.memory, value)?;
        if self.memory.len() > IN_MEMORY {
            if let Ok(file) = tempfile::tempfile() {
                let mut f = BufWriter::new(file);
                f.write_all(&self.memory)?;
                self.memory = Vec::new();
                self.file = Some(f);
            }
        }
        Ok(())
    }

    /// Writes the elements and the closing `]` to `out`.
    pub fn finish(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if let Some(f) = self.file.take() {
            let mut file = f.into_inner().map_err(|e| e.into_error())?;
            file.rewind()?;
            io::copy(&mut file, out)?;
        } else {
            out.write_all(&std::mem::take(&mut self.memory))?;
        }
        self.array.close(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn streamed(values: &[Value], spooled: &[Value], small_spool: bool) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(b"{\n  \"a\": {\n    \"list\": [");
        let mut array = Array::new(3);
        for v in values {
            array.push(&mut out, v).unwrap();
        }
        array.close(&mut out).unwrap();
        out.extend_from_slice(b"\n  },\n  \"later\": [");
        let mut spool = Spool::new(2);
        for v in spooled {
            spool.push(v).unwrap();
            if !small_spool && spool.file.is_none() {
                // Move to a file early, to test that path without writing a megabyte.
                let mut f = BufWriter::new(tempfile::tempfile().unwrap());
                f.write_all(&spool.memory).unwrap();
                spool.memory.clear();
                spool.file = Some(f);
            }
        }
        spool.finish(&mut out).unwrap();
        out.extend_from_slice(b"\n}");
        out
    }

    #[test]
    fn streaming_writes_what_the_whole_document_would_be() {
        let item = json!({"path": "a\nb", "diagnostics": [{"code": "X1", "s": [1, {"k": []}]}], "e": {}});
        for (values, spooled) in
            [(vec![], vec![]), (vec![item.clone()], vec![]), (vec![item.clone(); 3], vec![item.clone(); 2])]
        {
            let whole = json!({"a": {"list": values}, "later": spooled});
            let expected = serde_json::to_vec_pretty(&whole).unwrap();
            for small in [true, false] {
                let got = streamed(&values, &spooled, small);
                assert_eq!(String::from_utf8(got).unwrap(), String::from_utf8(expected.clone()).unwrap());
            }
        }
    }
}
