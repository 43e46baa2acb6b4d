"""Views of the Artworks section: artworks (list, add, edit, remove), pictures, moderation."""
