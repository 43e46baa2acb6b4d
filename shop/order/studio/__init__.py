"""The studio's Orders section: each artist sees and ships their own lines of buyers' orders."""
