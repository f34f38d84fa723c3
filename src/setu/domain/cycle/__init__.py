"""The JCM project cycle (`jcm.md` §2): roles, states, the 15 forms, the transition table, allocation, claims.

Pure: the cycle's rules decide who may do what in which state; the store only remembers what was done.
"""
