"""Start-up checks for production settings (filled in by issue 13)."""
