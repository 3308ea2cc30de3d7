import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { PlatformError, type AppConfig, type Principal } from '@kubelab/platform';
import type { Database } from '@kubelab/server';
import { Caller, Public } from '../common/decorators';
import type { AuthedRequest } from '../common/request';
import { APP_CONFIG, DATABASE } from '../common/tokens';
import { AuditService } from '../audit/audit.service';
import { LoginDto, RefreshDto, TokenResponse } from './dto';
import { LoginGuard } from './login.guard';
import { ACCESS_COOKIE, REFRESH_COOKIE } from './strategies';
import { TokensService, type TokenPair } from './tokens.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private setCookies(res: Response, pair: TokenPair): void {
    const secure = this.config.COOKIE_SECURE;
    res.cookie(ACCESS_COOKIE, pair.accessToken, {
      httpOnly: true,
      sameSite: 'lax',
      secure,
      path: '/',
      maxAge: this.config.ACCESS_TOKEN_TTL * 1000,
    });
    // The refresh token only ever travels to the auth endpoints.
    res.cookie(REFRESH_COOKIE, pair.refreshToken, {
      httpOnly: true,
      sameSite: 'strict',
      secure,
      path: '/api/v1/auth',
      maxAge: this.config.REFRESH_TOKEN_TTL * 1000,
    });
  }

  private clearCookies(res: Response): void {
    res.clearCookie(ACCESS_COOKIE, { path: '/' });
    res.clearCookie(REFRESH_COOKIE, { path: '/api/v1/auth' });
  }

  private async userView(userId: string) {
    const u = await this.db.prisma.user.findUniqueOrThrow({ where: { id: userId } });
    return { id: u.id, email: u.email, name: u.name, role: u.role, orgId: u.orgId };
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(LoginGuard)
  @ApiOperation({ summary: 'Sign in with email and password' })
  @ApiOkResponse({ type: TokenResponse })
  async login(
    @Body() _body: LoginDto,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponse> {
    const p = req.user as Extract<Principal, { kind: 'user' }>;
    const pair = await this.tokens.issue({
      sub: p.userId,
      org: p.orgId,
      role: p.role,
      email: p.email,
    });
    this.setCookies(res, pair);
    await this.audit.record({ orgId: p.orgId, actor: p, action: 'auth.login', ip: req.ip });
    return { ...pair, user: await this.userView(p.userId) };
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'Exchange a refresh token for a new pair (the old one stops working)' })
  @ApiOkResponse({ type: TokenResponse })
  async refresh(
    @Body() body: RefreshDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<TokenResponse> {
    const token = body.refreshToken ?? (req.cookies?.[REFRESH_COOKIE] as string | undefined);
    if (!token) throw new PlatformError('unauthorized', 'No refresh token');
    let rotated;
    try {
      rotated = await this.tokens.rotate(token);
    } catch (e) {
      if (e instanceof PlatformError && e.code === 'refresh_token_reused') {
        const d = (e.details ?? {}) as { orgId?: string; familyId?: string };
        await this.audit.record({
          orgId: d.orgId ?? null,
          action: 'auth.refresh_reuse',
          ip: req.ip,
          details: { familyId: d.familyId },
        });
        this.clearCookies(res);
        throw new PlatformError(e.code, e.message);
      }
      throw e;
    }
    const user = await this.db.prisma.user.findUnique({ where: { id: rotated.userId } });
    if (!user || user.disabled)
      throw new PlatformError('unauthorized', 'This account is disabled or no longer exists');
    const pair = await this.tokens.issue(
      { sub: user.id, org: user.orgId, role: user.role, email: user.email },
      rotated.familyId,
    );
    this.setCookies(res, pair);
    return {
      ...pair,
      user: { id: user.id, email: user.email, name: user.name, role: user.role, orgId: user.orgId },
    };
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Sign out: revokes the refresh token (and its rotations) and clears the cookies',
  })
  async logout(
    @Body() body: RefreshDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const token = body.refreshToken ?? (req.cookies?.[REFRESH_COOKIE] as string | undefined);
    if (token) await this.tokens.revokeByToken(token);
    this.clearCookies(res);
  }

  @Get('socket-token')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'A fresh access token for the Socket.IO handshake (the web cannot read its httpOnly cookie)',
  })
  socketToken(@Caller() p: Principal): { token: string; expiresIn: number } {
    if (p.kind !== 'user')
      throw new PlatformError('forbidden', 'API keys connect with the key itself');
    return {
      token: this.tokens.signAccess({ sub: p.userId, org: p.orgId, role: p.role, email: p.email }),
      expiresIn: this.config.ACCESS_TOKEN_TTL,
    };
  }
}
