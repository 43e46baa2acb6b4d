"""The Artworks section of the studio (the Wagtail admin at /cms/).

Approved artists list, add, edit and remove their own artworks and pictures; moderators (staff)
see every artwork and may hide one with a reason or restore it. Reads go through the catalogue's
querysets, scoped by `access.py`; every write goes through `shop.catalogue.services`.
"""
