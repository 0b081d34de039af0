"""The one-shot commands behind the command line's door: print a ticket, print the queue, open a ticket.

Each takes the settings and the parsed flags, talks to the API through the core, prints its
result on stdout (and nothing else there), its troubles on stderr, and returns the exit code.
Nothing here imports Textual.
"""
