# Personal goals are deliberately not in the admin: they are private to their owner
# (OKR-PRINCIPLES §3), and administrators are no exception.
