"""Writers: records out, as JSON Lines, one JSON file per input, or other formats."""
