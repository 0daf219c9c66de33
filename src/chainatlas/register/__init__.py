"""The enterprise register (规上工业企业名录): credit codes, townships, the import template and a constructed register.

Pure core: nothing here reads the store. `credit` checks 统一社会信用代码, `townships` resolves 镇/街道 names to
their codes, `template` turns one workbook row into a `RegisterRow` or its errors, `constructed` makes the demo's
register of made-up firms.
"""
