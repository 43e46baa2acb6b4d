"""The shop's REST endpoints: artists, categories and artworks under /api/v1/."""
