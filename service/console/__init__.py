"""The review console: server-rendered pages at `/console` where a coach reviews drafts.

Built on the API's own service functions (no second copy of any rule); HTML from Jinja2
templates; plain forms that work without JavaScript.
"""
